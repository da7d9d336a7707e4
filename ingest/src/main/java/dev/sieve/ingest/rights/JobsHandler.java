package dev.sieve.ingest.rights;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.rights.JobKind;
import dev.sieve.storage.rights.JobState;
import dev.sieve.storage.rights.RightsJobs;
import dev.sieve.storage.rights.Subjects;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The jobs, for the privacy team: {@code GET /v1/rights/jobs} (newest first; filters {@code state},
 * {@code kind}, {@code subjectHash}; pages with {@code before}), {@code GET /v1/rights/jobs/{id}}
 * with its receipts, {@code POST /v1/rights/jobs/{id}/retry} for a failed one, and
 * {@code POST /v1/rights/subjects} to find a user's jobs from the id (answered by hash).
 */
public final class JobsHandler {
    private final RightsJobs jobs;

    public JobsHandler(RightsJobs jobs) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    public void list(RoutingContext ctx) {
        JobState state = param(ctx, "state", JobState::fromWire);
        JobKind kind = param(ctx, "kind", JobKind::fromWire);
        String subject = ctx.queryParams().get("subjectHash");
        if (subject != null && !Subjects.isHash(subject)) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'subjectHash' must be 64 lower-case hex digits");
        }
        list(ctx, state, kind, subject);
    }

    /** {@code POST /v1/rights/subjects {"userId": ...}}: the subject's hash and jobs. */
    public void subject(RoutingContext ctx) {
        JsonObject body = RightsBodies.object(ctx);
        RightsBodies.only(body, "userId");
        list(ctx, null, null, Subjects.hash(RightsBodies.userId(body)));
    }

    private void list(RoutingContext ctx, JobState state, JobKind kind, String subject) {
        Instant before = before(ctx);
        int limit = limit(ctx);
        jobs.list(state, kind, subject, before, limit).onComplete(found -> {
            JsonArray out = new JsonArray();
            found.forEach(job -> out.add(RightsBodies.vertx(job.toJson())));
            JsonObject answer = new JsonObject().put("jobs", out);
            if (subject != null) {
                answer.put("subjectHash", subject);
            }
            RightsBodies.json(ctx, 200, answer);
        }, ctx::fail);
    }

    public void get(RoutingContext ctx) {
        UUID id = RightsBodies.uuidParam(ctx, "id");
        jobs.get(id).compose(found -> {
            if (found.isEmpty()) {
                throw new SieveException(ErrorCode.NOT_FOUND, "no job with this id");
            }
            return jobs.receipts(id).map(receipts -> {
                JsonArray out = new JsonArray();
                receipts.forEach(r -> out.add(RightsBodies.vertx(r.toJson())));
                return RightsBodies.vertx(found.get().toJson()).put("receipts", out);
            });
        }).onComplete(job -> RightsBodies.json(ctx, 200, job), ctx::fail);
    }

    public void retry(RoutingContext ctx) {
        UUID id = RightsBodies.uuidParam(ctx, "id");
        String reason = RightsBodies.reason(RightsBodies.object(ctx), null);
        jobs.retry(id, RightsBodies.actor(ctx), reason)
                .onComplete(job -> RightsBodies.json(ctx, 200, RightsBodies.vertx(job.toJson())), ctx::fail);
    }

    private static <T> T param(RoutingContext ctx, String name,
                               Function<String, Optional<T>> parse) {
        String text = ctx.queryParams().get(name);
        if (text == null) {
            return null;
        }
        return parse.apply(text).orElseThrow(() -> new SieveException(ErrorCode.INVALID_REQUEST,
                "unknown '" + name + "'"));
    }

    private static Instant before(RoutingContext ctx) {
        String text = ctx.queryParams().get("before");
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'before' must be an RFC 3339 time in UTC");
        }
    }

    private static int limit(RoutingContext ctx) {
        String text = ctx.queryParams().get("limit");
        try {
            int limit = text == null ? 100 : Integer.parseInt(text);
            if (limit < 1 || limit > RightsJobs.MAX_LIST) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'limit' must be an integer from 1 to "
                    + RightsJobs.MAX_LIST);
        }
    }
}
