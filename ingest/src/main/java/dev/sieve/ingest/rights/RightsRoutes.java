package dev.sieve.ingest.rights;

import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.auth.BearerAuth;
import dev.sieve.ingest.auth.Role;
import dev.sieve.ingest.http.Problems;
import dev.sieve.storage.rights.Rights;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Supplier;

/**
 * The users' rights routes (see {@code openapi-fragments/rights.yaml}). Erasures, exports, jobs and
 * retention rules need the privacy-admin key; the account-closed signal comes from the product's
 * backend with the consent key. Every route answers problems through {@link Problems}.
 */
public final class RightsRoutes {
    private static final int SMALL_BODY = 16 * 1024;
    private static final int RULES_BODY = 64 * 1024;

    private RightsRoutes() {
    }

    /** The handlers, built once; share them between event loops (they hold no per-request state). */
    public record Handlers(RequestsHandler requests, JobsHandler jobs, RetentionHandler retention) {
        public static Handlers of(Rights rights) {
            return new Handlers(new RequestsHandler(rights.requests(), rights.export()), new JobsHandler(rights.jobs()),
                    new RetentionHandler(rights.retentionRules()));
        }
    }

    public static void mount(Router router, Supplier<ApiKeys> keys, Handlers handlers) {
        BearerAuth admin = new BearerAuth(keys, Role.PRIVACY_ADMIN);
        BearerAuth backend = new BearerAuth(keys, Role.CONSENT);
        BodyHandler small = BodyHandler.create(false).setBodyLimit(SMALL_BODY);
        Problems problems = new Problems();
        // Body handlers first: Vert.x runs them before any other handler anyway.
        router.post("/v1/erasures").handler(small).handler(admin).handler(handlers.requests()::erase)
                .failureHandler(problems);
        router.post("/v1/exports").handler(small).handler(admin).handler(handlers.requests()::export)
                .failureHandler(problems);
        router.post("/v1/accounts/closed").handler(small).handler(backend).handler(handlers.requests()::closeAccount)
                .failureHandler(problems);
        router.get("/v1/rights/jobs").handler(admin).handler(handlers.jobs()::list).failureHandler(problems);
        router.post("/v1/rights/subjects").handler(small).handler(admin).handler(handlers.jobs()::subject)
                .failureHandler(problems);
        router.get("/v1/rights/jobs/:id").handler(admin).handler(handlers.jobs()::get).failureHandler(problems);
        router.post("/v1/rights/jobs/:id/retry").handler(small).handler(admin).handler(handlers.jobs()::retry)
                .failureHandler(problems);
        router.get("/v1/retention").handler(admin).handler(handlers.retention()::get).failureHandler(problems);
        router.put("/v1/retention").handler(BodyHandler.create(false).setBodyLimit(RULES_BODY)).handler(admin)
                .handler(handlers.retention()::put).failureHandler(problems);
    }
}
