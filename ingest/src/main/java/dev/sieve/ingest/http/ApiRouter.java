package dev.sieve.ingest.http;

import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.auth.BearerAuth;
import dev.sieve.ingest.auth.Role;
import dev.sieve.ingest.rights.RightsRoutes;
import dev.sieve.ingest.query.QueryRoutes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every HTTP route of Sieve, in one place. The OpenAPI document {@code openapi.yaml} describes
 * exactly these routes (a test keeps them in step).
 */
public final class ApiRouter {
    public static final String OPENAPI_RESOURCE = "/openapi.yaml";

    private ApiRouter() {
    }

    /**
     * What the routes need; built once per event loop by the composition root or a test.
     *
     * @param events the ingestion handler; empty on a storage node, which serves no ingestion route
     */
    public record Dependencies(
            Optional<EventsHandler> events,
            ConsentHandler consent,
            HealthHandler health,
            Handler<RoutingContext> metrics,
            Supplier<ApiKeys> keys,
            long maxBodyBytes,
            Management management) {
    }

    /** The privacy team's handlers. */
    public record Management(
            PolicyHandler policies,
            AuditHandler audit,
            ProvenanceHandler provenance,
            PseudonymHandler pseudonyms,
            ConsentImportHandler consentImport,
            RightsRoutes.Handlers rights,
            QueryRoutes.Handlers query) {
    }

    public static Router create(Vertx vertx, Dependencies deps) {
        Router router = Router.router(vertx);
        Buffer openApi = loadOpenApi();
        BodyHandler smallBody = BodyHandler.create(false).setBodyLimit(16 * 1024);

        // The body is read first, as Vert.x places its own body handlers, so the size limit applies before auth.
        deps.events().ifPresent(events -> router.post("/v1/events")
                .handler(new EventBodyReader(deps.maxBodyBytes()))
                .handler(new BearerAuth(deps.keys(), Role.WRITER))
                .handler(events));
        router.put("/v1/consent/:userId")
                .handler(smallBody)
                .handler(new BearerAuth(deps.keys(), Role.CONSENT))
                .handler(deps.consent()::put);
        router.get("/v1/consent/:userId")
                .handler(new BearerAuth(deps.keys(), Role.CONSENT))
                .handler(deps.consent()::get);
        router.post("/v1/consent-imports")
                .handler(BodyHandler.create(false).setBodyLimit(ConsentImportHandler.MAX_BODY_BYTES))
                .handler(new BearerAuth(deps.keys(), Role.CONSENT))
                .handler(deps.management().consentImport()::handle);
        management(router, deps, smallBody);
        router.get("/health/live").handler(deps.health()::live);
        router.get("/health/ready").handler(deps.health()::ready);
        router.get("/metrics").handler(deps.metrics());
        router.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml").end(openApi));

        Problems problems = new Problems();
        router.route().failureHandler(problems);
        router.errorHandler(404, problems);
        router.errorHandler(405, problems);
        router.errorHandler(413, problems);
        return router;
    }

    private static void management(Router router, Dependencies deps, BodyHandler body) {
        Management m = deps.management();
        BearerAuth admin = new BearerAuth(deps.keys(), Role.PRIVACY_ADMIN);
        PolicyHandler p = m.policies();
        router.get("/v1/policies/active").handler(admin).handler(p::active);
        router.get("/v1/policies").handler(admin).handler(p::list);
        router.post("/v1/policies").handler(body).handler(admin).handler(p::create);
        router.post("/v1/policies/rollback").handler(body).handler(admin).handler(p::rollback);
        router.get("/v1/policies/:version").handler(admin).handler(p::get);
        router.get("/v1/policies/:version/diff").handler(admin).handler(p::diff);
        router.post("/v1/policies/:version/activate").handler(body).handler(admin).handler(p::activate);
        router.post("/v1/policies/:version/dry-runs").handler(body).handler(admin).handler(p::startDryRun);
        router.get("/v1/dry-runs").handler(admin).handler(p::dryRuns);
        router.get("/v1/dry-runs/:id").handler(admin).handler(p::dryRun);
        router.get("/v1/audit").handler(admin).handler(m.audit()::list);
        router.get("/v1/audit/verify").handler(admin).handler(m.audit()::verify);
        router.get("/v1/events/:eventId/provenance").handler(admin).handler(m.provenance()::explain);
        router.post("/v1/pseudonyms").handler(body).handler(admin).handler(m.pseudonyms()::lookup);
        RightsRoutes.mount(router, deps.keys(), m.rights());
        QueryRoutes.mount(router, deps.keys(), m.query());
    }

    private static Buffer loadOpenApi() {
        return Buffer.buffer(OpenApiDocument.yaml());
    }
}
