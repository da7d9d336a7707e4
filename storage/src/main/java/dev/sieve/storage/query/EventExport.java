package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.Set;

/**
 * Streams stored events, as they are stored (only enforced fields), to any {@link WriteStream}:
 * an HTTP response, a file. Rows come from a server-side cursor a fetch at a time and are written
 * in chunks; when the stream's write queue is full the cursor pauses until it drains. So memory
 * stays bounded by one fetch plus one chunk, however many rows there are.
 *
 * <p>Pages are keyset-paginated on (received_at, event_id): a page never skips or repeats a row,
 * even while events are being added. Nothing is written before the first fetch returned, so a
 * failing query still gets a clean error answer; a failure later fails the returned future after
 * part of the output was written (an HTTP caller then resets the connection).
 */
public final class EventExport {
    /** Bytes collected before a write; a write queue counts writes, so chunks keep it meaningful. */
    static final int CHUNK_BYTES = 64 * 1024;
    /** A paused (slow) reader must not hold a transaction open for ever. */
    private static final String IDLE_LIMIT = "SELECT set_config('idle_in_transaction_session_timeout', '300000', true)";

    private final Pool pool;
    private final QuerySettings settings;
    private final int chunkBytes;

    public EventExport(Pool pool, QuerySettings settings) {
        this(pool, settings, CHUNK_BYTES);
    }

    EventExport(Pool pool, QuerySettings settings, int chunkBytes) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.chunkBytes = chunkBytes;
    }

    /**
     * Writes the page {@code query} selects to {@code out} (without ending it).
     *
     * @param cancelled completes when the reader went away (e.g. the HTTP connection closed): the
     *                  export then stops and fails
     * @return what was written; failed with a classified, safe {@code SieveException}
     */
    public Future<ExportSummary> export(ExportQuery query, AnalystScope scope, ExportFormat format,
                                        WriteStream<Buffer> out, Future<?> cancelled) {
        return QuerySession.attempt(() -> start(query, scope, format, out, cancelled));
    }

    private Future<ExportSummary> start(ExportQuery query, AnalystScope scope, ExportFormat format,
                                        WriteStream<Buffer> out, Future<?> cancelled) {
        Set<Purpose> purposes = scope.effectivePurposes(query.filter().purposes());
        SqlParameters params = new SqlParameters();
        String sql = sql(query, purposes, params);
        Tuple tuple = params.tuple();
        return pool.withTransaction(conn -> QuerySession.begin(conn, settings)
                        .compose(v -> conn.query(IDLE_LIMIT).execute())
                        .compose(v -> conn.prepare(sql))
                        .compose(ps -> pump(conn, ps, tuple, format, out, query.limit(), cancelled)))
                .recover(failure -> Future.failedFuture(QuerySession.classify(failure, settings)));
    }

    static String sql(ExportQuery query, Set<Purpose> purposes, SqlParameters params) {
        StringBuilder sql = new StringBuilder("SELECT ").append(ExportEncoder.SELECT).append(" FROM events WHERE ")
                .append(EventConditions.where(query.filter(), purposes, params));
        if (query.after() != null) {
            String at = params.add(EventConditions.utc(query.after().receivedAt()));
            // The plain bound lets PostgreSQL skip partitions; the row comparison is the exact keyset.
            sql.append(" AND received_at >= ").append(at).append(" AND (received_at, event_id) > (").append(at)
                    .append(", ").append(params.add(query.after().eventId())).append(')');
        }
        return sql.append(" ORDER BY received_at, event_id LIMIT ").append(params.add(query.limit())).toString();
    }

    private Future<ExportSummary> pump(SqlConnection conn, PreparedStatement ps, Tuple tuple, ExportFormat format,
                                       WriteStream<Buffer> out, int limit, Future<?> cancelled) {
        ExportPump pump = new ExportPump(ps.createStream(settings.exportFetchRows(), tuple),
                ExportEncoder.of(format), out, limit, chunkBytes);
        cancelled.onComplete(ignored -> pump.cancel());
        return pump.run().eventually(ps::close);
    }
}
