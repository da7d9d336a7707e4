package dev.sieve.ingest.query;

import dev.sieve.storage.query.AnalystScopes;
import dev.sieve.storage.query.EventExport;
import dev.sieve.storage.query.ExportCursor;
import dev.sieve.storage.query.ExportFormat;
import dev.sieve.storage.query.ExportQuery;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /v1/export?format=ndjson|csv&from=&to=[&after=<cursor>][&limit=][&type=][&purpose=][&property.<name>=]}
 * (analyst key): the stored events as stored, streamed with chunked encoding from a database
 * cursor, pausing the cursor while the client is slow to read. The rows are ordered by
 * (receivedAt, eventId); when a page is full, the trailer {@code Sieve-Next-Cursor} gives the
 * {@code after} of the next page (it is also {@code <receivedAt>,<eventId>} of the last row).
 */
public final class ExportHandler {
    public static final String NEXT_CURSOR = "Sieve-Next-Cursor";
    public static final String ROWS = "Sieve-Rows";
    private final EventExport export;
    private final AnalystScopes scopes;

    public ExportHandler(EventExport export, AnalystScopes scopes) {
        this.export = export;
        this.scopes = scopes;
    }

    public void handle(RoutingContext ctx) {
        QueryParams params = new QueryParams(ctx.queryParams(), Set.of("format", "after", "limit"));
        ExportFormat format = ExportFormat.fromWire(params.single("format") == null ? "ndjson" : params.single("format"));
        String after = params.single("after");
        ExportQuery query = new ExportQuery(params.filter(), after == null ? null : ExportCursor.parse(after),
                params.integer("limit", ExportQuery.DEFAULT_LIMIT, 1, ExportQuery.MAX_LIMIT));
        HttpServerResponse response = ctx.response();
        Promise<Void> gone = Promise.promise();
        response.closeHandler(v -> gone.tryComplete());
        // Headers only: nothing reaches the client before the first rows (or the end), so a query
        // that fails early still gets a problem answer instead of a truncated 200.
        response.setChunked(true)
                .putHeader("Content-Type", format.contentType())
                .putHeader("Cache-Control", "no-store")
                .putHeader("Trailer", NEXT_CURSOR + ", " + ROWS);
        scopes.scopeOf(Replies.keyId(ctx))
                .compose(scope -> export.export(query, scope, format, response, gone.future()))
                .onComplete(summary -> {
                    if (summary.full() && summary.last() != null) {
                        response.putTrailer(NEXT_CURSOR, summary.last().toString());
                    }
                    response.putTrailer(ROWS, Long.toString(summary.rows()));
                    response.end();
                }, ctx::fail);
    }
}
