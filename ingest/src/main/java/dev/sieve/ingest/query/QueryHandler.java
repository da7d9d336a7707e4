package dev.sieve.ingest.query;

import dev.sieve.storage.query.AnalystQueries;
import dev.sieve.storage.query.AnalystScopes;
import dev.sieve.storage.query.CountsQuery;
import dev.sieve.storage.query.CountsResult;
import dev.sieve.storage.query.Dimension;
import dev.sieve.storage.query.FunnelResult;
import dev.sieve.storage.query.Grain;
import dev.sieve.storage.query.InvalidQuery;
import dev.sieve.storage.query.PropertyPath;
import dev.sieve.storage.query.RetentionQuery;
import dev.sieve.storage.query.RetentionResult;
import dev.sieve.storage.query.TopQuery;
import dev.sieve.storage.query.TopResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The analyst aggregates over HTTP (analyst key): {@code GET /v1/query/counts}, {@code /top},
 * {@code /retention} and {@code POST /v1/query/funnel}. Each reads the caller's scope (purposes,
 * k) fresh from the database, so the privacy team's changes apply to the next request.
 */
public final class QueryHandler {
    private final AnalystQueries queries;
    private final AnalystScopes scopes;

    public QueryHandler(AnalystQueries queries, AnalystScopes scopes) {
        this.queries = queries;
        this.scopes = scopes;
    }

    /** {@code GET /v1/query/counts?bucket=hour&from=&to=[&type=][&purpose=][&property.<name>=]}. */
    public void counts(RoutingContext ctx) {
        QueryParams params = new QueryParams(ctx.queryParams(), Set.of("bucket"));
        CountsQuery query = new CountsQuery(params.filter(), Grain.fromWire(params.required("bucket")));
        scopes.scopeOf(Replies.keyId(ctx))
                .compose(scope -> queries.counts(query, scope))
                .onComplete(result -> Replies.json(ctx, 200, counts(result)), ctx::fail);
    }

    /** {@code GET /v1/query/top?property=<name>|field=<field>&limit=10&from=&to=...}. */
    public void top(RoutingContext ctx) {
        QueryParams params = new QueryParams(ctx.queryParams(), Set.of("property", "field", "limit"));
        String property = params.single("property");
        String field = params.single("field");
        InvalidQuery.require(property == null ^ field == null, "give exactly one of 'property' and 'field'");
        Dimension dimension = property != null ? Dimension.property(PropertyPath.parse(property)) : Dimension.field(field);
        TopQuery query = new TopQuery(params.filter(), dimension, params.integer("limit", 10, 1, TopQuery.MAX_LIMIT));
        scopes.scopeOf(Replies.keyId(ctx))
                .compose(scope -> queries.top(query, scope))
                .onComplete(result -> Replies.json(ctx, 200, top(result, query.limit())), ctx::fail);
    }

    /** {@code POST /v1/query/funnel} with a {@link FunnelRequest} body. */
    public void funnel(RoutingContext ctx) {
        InvalidQuery.require(ctx.queryParams().isEmpty(), "the funnel takes its parameters from the JSON body");
        var query = FunnelRequest.parse(ctx.body().buffer());
        scopes.scopeOf(Replies.keyId(ctx))
                .compose(scope -> queries.funnel(query, scope))
                .onComplete(result -> Replies.json(ctx, 200, funnel(result)), ctx::fail);
    }

    /** {@code GET /v1/query/retention?from=&to=&weeks=8[&type=][&purpose=][&property.<name>=]}. */
    public void retention(RoutingContext ctx) {
        QueryParams params = new QueryParams(ctx.queryParams(), Set.of("weeks"));
        RetentionQuery query = new RetentionQuery(params.filter(), params.integer("weeks", 8, 1, RetentionQuery.MAX_WEEKS));
        scopes.scopeOf(Replies.keyId(ctx))
                .compose(scope -> queries.retention(query, scope))
                .onComplete(result -> Replies.json(ctx, 200, retention(result)), ctx::fail);
    }

    static JsonObject counts(CountsResult r) {
        JsonArray buckets = new JsonArray();
        r.buckets().forEach(b -> buckets.add(new JsonObject().put("start", b.bucket().toString())
                .put("events", b.events()).put("users", b.users())));
        return new JsonObject().put("bucket", r.grain().wireName()).put("minGroupUsers", r.minGroupUsers())
                .put("suppressedGroups", r.suppressedGroups()).put("rollupBuckets", r.rollupBuckets())
                .put("buckets", buckets);
    }

    static JsonObject top(TopResult r, int limit) {
        JsonArray values = new JsonArray();
        r.values().forEach(v -> values.add(new JsonObject().put("value", v.value()).put("events", v.events())
                .put("users", v.users())));
        return new JsonObject().put("dimension", r.dimension().describe()).put("limit", limit)
                .put("minGroupUsers", r.minGroupUsers()).put("suppressedGroups", r.suppressedGroups())
                .put("values", values);
    }

    static JsonObject funnel(FunnelResult r) {
        JsonArray steps = new JsonArray();
        r.steps().forEach(s -> steps.add(new JsonObject().put("step", s.step()).put("type", s.type())
                .put("users", s.users())));
        return new JsonObject().put("window", r.window().toString()).put("minGroupUsers", r.minGroupUsers())
                .put("suppressedGroups", r.suppressedGroups()).put("steps", steps);
    }

    static JsonObject retention(RetentionResult r) {
        JsonArray cohorts = new JsonArray();
        r.cohorts().forEach(c -> cohorts.add(new JsonObject().put("week", c.week().toString()).put("users", c.users())
                .put("active", new JsonArray(new java.util.ArrayList<>(c.active())))));
        return new JsonObject().put("weeks", r.weeks()).put("minGroupUsers", r.minGroupUsers())
                .put("suppressedGroups", r.suppressedGroups()).put("cohorts", cohorts);
    }
}
