package dev.sieve.ingest.query;

import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.auth.BearerAuth;
import dev.sieve.ingest.auth.Role;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.query.AnalystQueries;
import dev.sieve.storage.query.AnalystScopes;
import dev.sieve.storage.query.EventExport;
import dev.sieve.storage.query.QuerySettings;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.util.function.Supplier;

/**
 * The analyst query API and the privacy team's analyst scopes, mounted on the main router:
 *
 * <pre>
 * GET  /v1/query/counts       analyst        events and distinct users per minute/hour/day
 * GET  /v1/query/top          analyst        top-N values of a property or field
 * POST /v1/query/funnel       analyst        users per ordered step within a window
 * GET  /v1/query/retention    analyst        weekly cohorts
 * GET  /v1/export             analyst        stored events as NDJSON or CSV, streamed, keyset pages
 * GET  /v1/analyst-scopes     privacy-admin  every key's purposes and k
 * PUT  /v1/analyst-scopes/:keyId privacy-admin set a key's (or the default) purposes and k
 * </pre>
 *
 * Failures are left to the router's failure handler ({@code Problems}), like every other route.
 */
public final class QueryRoutes {
    private static final long MAX_BODY_BYTES = 16 * 1024;

    private QueryRoutes() {
    }

    /** The handlers: stateless and thread-safe, so one set can serve every event loop. */
    public record Handlers(QueryHandler queries, ExportHandler export, AnalystScopeHandler scopes) {
    }

    /**
     * The handlers over {@code pool}: best a small pool of its own, so that long exports never take
     * connections from the event writers.
     */
    public static Handlers handlers(Pool pool, QuerySettings settings, AuditLog audit) {
        AnalystScopes scopes = new AnalystScopes(pool, audit);
        return new Handlers(new QueryHandler(new AnalystQueries(pool, settings), scopes),
                new ExportHandler(new EventExport(pool, settings), scopes), new AnalystScopeHandler(scopes));
    }

    /** Builds the handlers over {@code pool} and adds the routes to {@code router}. */
    public static void mount(Router router, Supplier<ApiKeys> keys, Pool pool, QuerySettings settings, AuditLog audit) {
        mount(router, keys, handlers(pool, settings, audit));
    }

    /** Adds the routes of ready-made handlers to {@code router}. */
    public static void mount(Router router, Supplier<ApiKeys> keys, Handlers handlers) {
        BearerAuth analyst = new BearerAuth(keys, Role.ANALYST);
        BearerAuth admin = new BearerAuth(keys, Role.PRIVACY_ADMIN);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        QueryHandler queries = handlers.queries();
        router.get("/v1/query/counts").handler(analyst).handler(queries::counts);
        router.get("/v1/query/top").handler(analyst).handler(queries::top);
        router.post("/v1/query/funnel").handler(body).handler(analyst).handler(queries::funnel);
        router.get("/v1/query/retention").handler(analyst).handler(queries::retention);
        router.get("/v1/export").handler(analyst).handler(handlers.export()::handle);
        router.get("/v1/analyst-scopes").handler(admin).handler(handlers.scopes()::list);
        router.put("/v1/analyst-scopes/:keyId").handler(body).handler(admin).handler(handlers.scopes()::put);
    }
}
