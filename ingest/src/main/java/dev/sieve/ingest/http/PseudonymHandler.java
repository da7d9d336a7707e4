package dev.sieve.ingest.http;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.ip.IpLiteral;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /v1/pseudonyms} (privacy-admin): the pseudonyms of identifiers under the active key
 * and every previous key still in its grace period, so a user's rows can be found across key
 * rotations (access and erasure requests). The answer holds pseudonyms only.
 */
public final class PseudonymHandler {
    private static final Map<String, String> DOMAINS = Map.of(
            "userId", "user", "anonymousId", "anonymous", "deviceId", "device", "ip", "ip");
    private final PseudonymKeyRing ring;
    private final Clock clock;

    public PseudonymHandler(PseudonymKeyRing ring, Clock clock) {
        this.ring = ring;
        this.clock = clock;
    }

    public void lookup(RoutingContext ctx) {
        JsonObject body = RequestBodies.object(ctx);
        JsonObject answer = new JsonObject();
        for (String name : body.fieldNames()) {
            String domain = DOMAINS.get(name);
            if (domain == null) {
                throw new SieveException(ErrorCode.INVALID_REQUEST,
                        "unknown identifier kind; known: userId, anonymousId, deviceId, ip");
            }
            if (!(body.getValue(name) instanceof String value) || value.isEmpty() || value.length() > 200) {
                throw new SieveException(ErrorCode.INVALID_REQUEST, "'" + name + "' must be a string of 1-200 characters");
            }
            String canonical = value;
            if (domain.equals("ip")) {
                byte[] ip = IpLiteral.parse(value);
                if (ip == null) {
                    throw new SieveException(ErrorCode.INVALID_REQUEST, "'ip' must be an IP literal");
                }
                canonical = IpLiteral.format(ip);
            }
            answer.put(name, new JsonArray(ring.pseudonymsOf(domain, canonical, clock.instant())));
        }
        if (answer.isEmpty()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "name at least one of userId, anonymousId, deviceId, ip");
        }
        RequestBodies.json(ctx, 200, answer);
    }
}
