package dev.sieve.storage.query;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * Runs analyst statements in a read-only, repeatable-read transaction whose statement timeout and
 * work_mem are set for that transaction only ({@code set_config(..., true)} is {@code SET LOCAL}).
 * Read-only: even a statement gone wrong cannot change data. Repeatable read: the statements of
 * one answer (e.g. rollup and raw parts) see one snapshot.
 */
final class QuerySession {
    static final String READ_ONLY = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    // JIT off: with run-time partition pruning the planner costs every partition, compiles the
    // query for ~0.5 s and then reads one hour of rows.
    static final String LIMITS = "SELECT set_config('statement_timeout', $1, true), set_config('work_mem', $2, true),"
            + " set_config('TimeZone', 'UTC', true), set_config('jit', 'off', true)";
    private static final String QUERY_CANCELED = "57014";

    private QuerySession() {
    }

    static <T> Future<T> run(Pool pool, QuerySettings settings, Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(conn -> begin(conn, settings).compose(v -> work.apply(conn)))
                .recover(failure -> Future.failedFuture(classify(failure, settings)));
    }

    /** The first statements of an analyst transaction (the caller has begun it). */
    static Future<Void> begin(SqlConnection conn, QuerySettings settings) {
        return conn.query(READ_ONLY).execute()
                .compose(v -> conn.preparedQuery(LIMITS).execute(Tuple.of(
                        Long.toString(settings.statementTimeout().toMillis()), settings.workMemKb() + "kB")))
                .mapEmpty();
    }

    /** The future {@code work} returns, or its exception (a validation failure) as a failed future. */
    static <T> Future<T> attempt(java.util.function.Supplier<Future<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** A safe failure: a timeout says so and what to do; anything else as storage classifies it. */
    static SieveException classify(Throwable failure, QuerySettings settings) {
        if (failure instanceof DatabaseException db && QUERY_CANCELED.equals(db.getSqlState())) {
            return new SieveException(ErrorCode.STORAGE_UNAVAILABLE, "the query ran longer than the statement"
                    + " timeout of " + settings.statementTimeout().toMillis() + " ms and was cancelled;"
                    + " narrow the time range or add filters");
        }
        return DatabaseFailures.classify(failure);
    }
}
