package dev.sieve.ingest.formats;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.ingest.decode.EventDecoder;
import dev.sieve.ingest.formats.edge.CorsSettings;
import dev.sieve.ingest.formats.snowplow.SnowplowApps;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of the SDK wire formats and of browser access, parsed once by the
 * composition root. Each part validates itself when built.
 *
 * @param cors         browser origins allowed on every ingestion route, and the preflight cache time
 * @param snowplowApps the Snowplow app ids ({@code aid}) allowed to send, each with its writer key
 * @param typePurposes the purpose of events by type, for types whose purpose is not analytics
 */
public record FormatSettings(CorsSettings cors, SnowplowApps snowplowApps, Map<String, Purpose> typePurposes) {
    /**
     * The native decoder's defaults plus the error events of the SDKs: PostHog's
     * {@code $exception} and Snowplow's {@code application_error}.
     */
    public static final Map<String, Purpose> DEFAULT_TYPE_PURPOSES = defaultTypePurposes();

    public FormatSettings {
        Objects.requireNonNull(cors, "cors");
        Objects.requireNonNull(snowplowApps, "snowplowApps");
        typePurposes = Map.copyOf(typePurposes);
    }

    /** No browser origins, no Snowplow apps, default purposes: only server-side SDKs can send. */
    public static FormatSettings defaults() {
        return new FormatSettings(CorsSettings.none(), SnowplowApps.none(), DEFAULT_TYPE_PURPOSES);
    }

    private static Map<String, Purpose> defaultTypePurposes() {
        Map<String, Purpose> out = new HashMap<>(EventDecoder.DEFAULT_TYPE_PURPOSES);
        out.put("$exception", Purpose.DIAGNOSTICS);
        out.put("application_error", Purpose.DIAGNOSTICS);
        return Map.copyOf(out);
    }
}
