package dev.sieve.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyDiff;
import dev.sieve.enforcement.policy.PolicyStore;
import dev.sieve.ingest.dryrun.DryRun;
import dev.sieve.ingest.dryrun.DryRuns;
import dev.sieve.storage.policy.PolicyRepository;
import dev.sieve.storage.policy.PolicyVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;

/**
 * The privacy team's policy API (privacy-admin key): read versions, diff them, create, activate,
 * roll back (each change needs a reason and is audited by the repository), and dry-run a
 * candidate beside the active policy.
 */
public final class PolicyHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PolicyRepository repository;
    private final PolicyStore store;
    private final DryRuns dryRuns;

    public PolicyHandler(PolicyRepository repository, PolicyStore store, DryRuns dryRuns) {
        this.repository = repository;
        this.store = store;
        this.dryRuns = dryRuns;
    }

    public void active(RoutingContext ctx) {
        Policy enforced = store.active().orElseThrow(() ->
                new SieveException(ErrorCode.POLICY_UNAVAILABLE, "no policy is loaded"));
        if (enforced.isFailClosed()) {
            RequestBodies.json(ctx, 200, new JsonObject().put("version", 0).put("failClosed", true));
            return;
        }
        version(enforced.version()).onComplete(v -> RequestBodies.json(ctx, 200,
                toJson(v, true).put("failClosed", false)), ctx::fail);
    }

    public void list(RoutingContext ctx) {
        repository.list().onComplete(versions -> {
            JsonArray out = new JsonArray();
            versions.forEach(v -> out.add(toJson(v, false)));
            RequestBodies.json(ctx, 200, new JsonObject().put("versions", out));
        }, ctx::fail);
    }

    public void get(RoutingContext ctx) {
        version(RequestBodies.longParam(ctx, "version", 1, Long.MAX_VALUE))
                .onComplete(v -> RequestBodies.json(ctx, 200, toJson(v, true)), ctx::fail);
    }

    /** {@code GET /v1/policies/{version}/diff?against=N}: what changes from N (default: the active one) to this version. */
    public void diff(RoutingContext ctx) {
        long to = RequestBodies.longParam(ctx, "version", 1, Long.MAX_VALUE);
        Future<Long> from = ctx.queryParams().contains("against")
                ? Future.succeededFuture(RequestBodies.longParam(ctx, "against", 1, Long.MAX_VALUE))
                : Future.succeededFuture(store.active().map(Policy::version).filter(v -> v > 0).orElseThrow(() ->
                        new SieveException(ErrorCode.POLICY_UNAVAILABLE, "no active policy to diff against")));
        from.compose(f -> Future.all(version(f), version(to)))
                .onComplete(both -> {
                    PolicyVersion a = both.resultAt(0);
                    PolicyVersion b = both.resultAt(1);
                    List<PolicyDiff.Change> changes = PolicyDiff.between(a.policy(), b.policy());
                    RequestBodies.json(ctx, 200, new JsonObject().put("from", a.version()).put("to", b.version())
                            .put("changes", new JsonArray(PolicyDiff.toJson(changes).toString())));
                }, ctx::fail);
    }

    public void create(RoutingContext ctx) {
        JsonObject body = RequestBodies.object(ctx);
        String reason = RequestBodies.reason(body);
        Object document = body.getValue("document");
        if (!(document instanceof JsonObject doc)) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'document' must be a policy document object");
        }
        Object activate = body.getValue("activate", false);
        if (!(activate instanceof Boolean active)) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'activate' must be true or false");
        }
        repository.create(jackson(doc), active, RequestBodies.actor(ctx), reason)
                .onComplete(v -> RequestBodies.json(ctx, 201, toJson(v, true)), ctx::fail);
    }

    public void activate(RoutingContext ctx) {
        long version = RequestBodies.longParam(ctx, "version", 1, Long.MAX_VALUE);
        String reason = RequestBodies.reason(RequestBodies.object(ctx));
        repository.activate(version, RequestBodies.actor(ctx), reason)
                .onComplete(v -> RequestBodies.json(ctx, 200, toJson(v, false)), ctx::fail);
    }

    public void rollback(RoutingContext ctx) {
        String reason = RequestBodies.reason(RequestBodies.object(ctx));
        repository.rollback(RequestBodies.actor(ctx), reason)
                .onComplete(v -> RequestBodies.json(ctx, 200, toJson(v, false)), ctx::fail);
    }

    /** {@code POST /v1/policies/{version}/dry-runs} with {@code {"maxEvents": N, "maxSeconds": T}}. */
    public void startDryRun(RoutingContext ctx) {
        long version = RequestBodies.longParam(ctx, "version", 1, Long.MAX_VALUE);
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : RequestBodies.object(ctx);
        long maxEvents = RequestBodies.optionalLong(body, "maxEvents", 100_000, 1, 100_000_000);
        long maxSeconds = RequestBodies.optionalLong(body, "maxSeconds", 300, 1, 86_400);
        version(version).onComplete(v -> {
            DryRun run = dryRuns.start(v.policy(), maxEvents, Duration.ofSeconds(maxSeconds));
            ctx.response().putHeader("Location", "/v1/dry-runs/" + run.id());
            RequestBodies.json(ctx, 202, run.report(dryRuns.clock().instant()));
        }, ctx::fail);
    }

    public void dryRun(RoutingContext ctx) {
        DryRun run = dryRuns.get(ctx.pathParam("id")).orElseThrow(() ->
                new SieveException(ErrorCode.NOT_FOUND, "no dry run with this id on this node"));
        RequestBodies.json(ctx, 200, run.report(dryRuns.clock().instant()));
    }

    public void dryRuns(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        dryRuns.all().forEach(r -> out.add(r.report(dryRuns.clock().instant())));
        RequestBodies.json(ctx, 200, new JsonObject().put("dryRuns", out));
    }

    private Future<PolicyVersion> version(long version) {
        return repository.get(version).map(found -> found.orElseThrow(() ->
                new SieveException(ErrorCode.NOT_FOUND, "no policy version " + version)));
    }

    private static JsonNode jackson(JsonObject doc) {
        try {
            return MAPPER.readTree(doc.encode());
        } catch (java.io.IOException e) {
            throw new SieveException(ErrorCode.MALFORMED_JSON, "the policy document is not valid JSON");
        }
    }

    private static JsonObject toJson(PolicyVersion v, boolean withDocument) {
        JsonObject out = new JsonObject()
                .put("version", v.version())
                .put("active", v.active())
                .put("createdAt", v.createdAt().toString())
                .put("createdBy", v.createdBy())
                .put("reason", v.reason());
        if (withDocument) {
            out.put("document", new JsonObject(v.document().toString()));
        }
        return out;
    }
}
