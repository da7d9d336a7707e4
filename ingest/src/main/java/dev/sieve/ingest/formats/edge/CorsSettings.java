package dev.sieve.ingest.formats.edge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which browser origins may send events, and how long browsers may cache a preflight answer.
 * Validated when built, every problem at once.
 *
 * @param allowedOrigins exact origins such as {@code https://www.example.com} (scheme, host and
 *                       an optional port; no path), or {@code *} for any origin. A listed origin
 *                       may send credentials (cookies), which posthog-js's XHR transport and the
 *                       Snowplow browser tracker do by default; {@code *} never allows
 *                       credentials, as the Fetch standard requires. Empty: no browser origin.
 * @param maxAge         Access-Control-Max-Age of preflight answers; 0 to 24 hours (Chromium caps
 *                       it at 2 hours, Firefox at 24)
 */
public record CorsSettings(List<String> allowedOrigins, Duration maxAge) {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(2);
    private static final Duration MAX_MAX_AGE = Duration.ofHours(24);
    private static final Pattern ORIGIN = Pattern.compile("https?://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

    public CorsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        List<String> problems = problems(allowedOrigins, maxAge);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid CORS settings: " + String.join("; ", problems));
        }
    }

    /** No browser origin may send events (the safe default); preflights cached 2 hours. */
    public static CorsSettings none() {
        return new CorsSettings(List.of(), DEFAULT_MAX_AGE);
    }

    /** Every problem with these values, as "field: reason"; empty when they are valid. */
    public static List<String> problems(List<String> origins, Duration maxAge) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < origins.size(); i++) {
            String origin = origins.get(i);
            if (origin == null || (!origin.equals("*") && !ORIGIN.matcher(origin).matches())) {
                problems.add("allowedOrigins[" + i + "]: must be '*' or scheme://host[:port] with no path, "
                        + "e.g. https://www.example.com");
            }
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.compareTo(MAX_MAX_AGE) > 0) {
            problems.add("maxAge: must be between 0 and 24 hours");
        }
        return problems;
    }

    /** Whether any origin may send (non-credentialed) requests. */
    public boolean allowsAnyOrigin() {
        return allowedOrigins.contains("*");
    }

    /** The listed origins, lower-cased as browsers serialise them. */
    public Set<String> listedOrigins() {
        Set<String> out = new LinkedHashSet<>();
        for (String o : allowedOrigins) {
            if (!o.equals("*")) {
                out.add(o.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }
}
