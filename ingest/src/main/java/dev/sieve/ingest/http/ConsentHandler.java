package dev.sieve.ingest.http;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.consent.ConsentRegistry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code PUT /v1/consent/{userId}} records choices ({@code {"analytics": true, "marketing": false}};
 * purposes not named keep their state); {@code GET} returns the state and version. Answers never
 * repeat the user id.
 */
public final class ConsentHandler {
    private static final int MAX_SUBJECT_LENGTH = 200;
    private final ConsentRegistry repository;

    public ConsentHandler(ConsentRegistry repository) {
        this.repository = repository;
    }

    public void put(RoutingContext ctx) {
        String subject = subject(ctx);
        Map<Purpose, Boolean> changes = changes(ctx);
        repository.update(subject, changes, "api")
                .onComplete(consent -> answer(ctx, consent), ctx::fail);
    }

    public void get(RoutingContext ctx) {
        repository.get(subject(ctx)).onComplete(consent -> answer(ctx, consent), ctx::fail);
    }

    private static String subject(RoutingContext ctx) {
        String subject = ctx.pathParam("userId");
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new SieveException(ErrorCode.INVALID_REQUEST,
                    "the user id in the path must be 1-" + MAX_SUBJECT_LENGTH + " characters");
        }
        return subject;
    }

    private static Map<Purpose, Boolean> changes(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new SieveException(ErrorCode.MALFORMED_JSON, "the body must be a JSON object of purpose: boolean");
        }
        if (body == null || body.isEmpty()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST,
                    "name at least one purpose: analytics, diagnostics, security, marketing");
        }
        Map<Purpose, Boolean> changes = new EnumMap<>(Purpose.class);
        for (String name : body.fieldNames()) {
            Purpose purpose = Purpose.fromWire(name).orElseThrow(() -> new SieveException(
                    ErrorCode.INVALID_REQUEST, "unknown purpose '" + safeName(name)
                    + "'; known: analytics, diagnostics, security, marketing"));
            if (!(body.getValue(name) instanceof Boolean granted)) {
                throw new SieveException(ErrorCode.INVALID_REQUEST, "purpose '" + purpose.wireName()
                        + "' must be true or false");
            }
            changes.put(purpose, granted);
        }
        return changes;
    }

    private static String safeName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }

    private static void answer(RoutingContext ctx, UserConsent consent) {
        JsonObject purposes = new JsonObject();
        for (Purpose p : Purpose.values()) {
            purposes.put(p.wireName(), consent.state(p).name().toLowerCase(Locale.ROOT));
        }
        ctx.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("version", consent.version()).put("purposes", purposes).encode());
    }
}
