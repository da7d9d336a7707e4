package dev.sieve.ingest.rights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.rights.RetentionRule;
import dev.sieve.storage.rights.RetentionRules;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /v1/retention} and {@code PUT /v1/retention} (privacy-admin): the retention rules,
 * replaced as a whole ({@code {"rules": [...], "reason": "..."}}); an invalid set is refused with
 * every problem by path.
 */
public final class RetentionHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final RetentionRules rules;

    public RetentionHandler(RetentionRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public void get(RoutingContext ctx) {
        rules.list().onComplete(found -> RightsBodies.json(ctx, 200, answer(found)), ctx::fail);
    }

    public void put(RoutingContext ctx) {
        JsonObject body = RightsBodies.object(ctx);
        RightsBodies.only(body, "rules", "reason");
        String reason = RightsBodies.reason(body, null);
        if (!(body.getValue("rules") instanceof JsonArray array)) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'rules' must be an array of rules");
        }
        List<String> problems = new ArrayList<>();
        List<RetentionRule> parsed = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            RetentionRule rule = RetentionRule.fromJson(jackson(array.getValue(i)), "rules[" + i + "]", problems);
            if (rule != null) {
                parsed.add(rule);
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(RetentionRule.conflicts(parsed));
        }
        if (!problems.isEmpty()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "invalid retention rules: " + String.join("; ", problems));
        }
        rules.replace(parsed, RightsBodies.actor(ctx), reason)
                .onComplete(stored -> RightsBodies.json(ctx, 200, answer(stored)), ctx::fail);
    }

    private static JsonObject answer(List<RetentionRule> found) {
        JsonArray out = new JsonArray();
        found.forEach(rule -> out.add(RightsBodies.vertx(rule.toJson())));
        return new JsonObject().put("rules", out);
    }

    private static JsonNode jackson(Object value) {
        try {
            return MAPPER.readTree(Json.encode(value));
        } catch (IOException e) {
            throw new SieveException(ErrorCode.MALFORMED_JSON, "the rules are not valid JSON");
        }
    }
}
