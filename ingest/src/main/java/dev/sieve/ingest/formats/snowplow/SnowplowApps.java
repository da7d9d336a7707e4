package dev.sieve.ingest.formats.snowplow;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Snowplow app ids ({@code aid}, the tracker's {@code appId}) may send events, and the
 * writer key each one sends as. The tracker protocol has no key and the unmodified tracker
 * cannot add one, so an app id is the credential: as public as a browser write key, and
 * revoked by revoking the writer key it maps to. Immutable.
 */
public final class SnowplowApps {
    private final Map<String, String> writerKeys;

    /** @param writerKeys app id to writer key; validated here, every problem at once */
    public SnowplowApps(Map<String, String> writerKeys) {
        List<String> problems = problems(writerKeys);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Snowplow app ids: " + String.join("; ", problems));
        }
        this.writerKeys = Map.copyOf(writerKeys);
    }

    public static SnowplowApps none() {
        return new SnowplowApps(Map.of());
    }

    /** Every problem as "field: reason" (never the key itself); empty when valid. */
    public static List<String> problems(Map<String, String> writerKeys) {
        List<String> problems = new ArrayList<>();
        writerKeys.forEach((app, key) -> {
            if (app == null || app.isBlank() || app.length() > 255) {
                problems.add("snowplow app id: must be 1 to 255 characters");
            } else if (key == null || key.isBlank()) {
                problems.add("snowplow app '" + app + "': needs a writer key");
            }
        });
        return problems;
    }

    /** The writer keys of these app ids; 401 when one is not registered (the id is not echoed). */
    Set<String> writerKeysOf(Set<String> appIds) {
        Set<String> keys = new HashSet<>();
        for (String app : appIds) {
            String key = writerKeys.get(app);
            if (key == null) {
                throw new SieveException(ErrorCode.UNAUTHORIZED, "an app id (aid) of the request is not registered with Sieve");
            }
            keys.add(key);
        }
        return keys;
    }

    @Override
    public String toString() {
        return "SnowplowApps[" + writerKeys.size() + " apps]";
    }
}
