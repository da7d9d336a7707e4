package dev.sieve.ingest.formats.wire;

import dev.sieve.ingest.decode.FieldSyntax;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Event ids for formats whose own ids are not always UUIDs (analytics.js sends
 * {@code ajs-next-...} message ids). A canonical UUID is used as it is; anything else becomes a
 * name-based UUID of the format and the source id, so a retried event gets the same id and the
 * storage dedupe still works.
 */
public final class StableIds {
    private StableIds() {
    }

    /** @param format a short, fixed name such as {@code segment}; it keeps formats' id spaces apart */
    public static UUID of(String format, String sourceId) {
        UUID parsed = FieldSyntax.parseUuid(sourceId);
        if (parsed != null && (parsed.getMostSignificantBits() | parsed.getLeastSignificantBits()) != 0) {
            return parsed;
        }
        return UUID.nameUUIDFromBytes((format + ':' + sourceId).getBytes(StandardCharsets.UTF_8));
    }
}
