package dev.sieve.enforcement.useragent;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;
import ua_parser.Parser;
import ua_parser.UserAgent;

/**
 * Generalises user agents with uap-java (the maintained ua-parser regex set) and device models
 * to device classes. Not shared between threads: one per event loop.
 */
public final class UserAgentGeneralizer {
    private static final int MAX_UA_LENGTH = 512;
    private static final Pattern MAJOR = Pattern.compile("\\d{1,6}");

    private static final int CACHE_ENTRIES = 4096;

    private final Parser parser = new Parser();
    /** Real traffic repeats a few thousand user agents; parsing one costs milliseconds, a hit nanoseconds. */
    private final Map<String, BrowserSummary> cache = new LinkedHashMap<>(CACHE_ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BrowserSummary> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    /** Family, major version and OS family of a user agent; {@link BrowserSummary#UNKNOWN} for null. */
    public BrowserSummary summarize(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return BrowserSummary.UNKNOWN;
        }
        String ua = userAgent.length() > MAX_UA_LENGTH ? userAgent.substring(0, MAX_UA_LENGTH) : userAgent;
        BrowserSummary cached = cache.get(ua);
        if (cached == null) {
            cached = parse(ua);
            cache.put(ua, cached);
        }
        return cached;
    }

    private BrowserSummary parse(String ua) {
        // Device detection is most of uap's cost and unused here: parse only the agent and the OS.
        UserAgent agent = parser.parseUserAgent(ua);
        String family = known(agent.family);
        String major = agent.major != null && MAJOR.matcher(agent.major).matches() ? agent.major : null;
        String os = known(parser.parseOS(ua).family);
        return new BrowserSummary(family, family == null ? null : major, os);
    }

    private static String known(String family) {
        return family == null || "Other".equals(family) ? null : family;
    }

    /**
     * A coarse device class for a device model: phone, tablet, desktop, tv, wearable, console or
     * other. Deliberately coarse: the class must not single out a device.
     */
    public static String deviceClass(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        String m = model.toLowerCase(Locale.ROOT);
        if (containsAny(m, "laptop", "notebook", "desktop", "thinkpad", "macbook", "imac")) {
            return "desktop";
        }
        if (containsAny(m, "ipad", "tablet", " tab", "tab ", "galaxy tab", "kindle", "surface")) {
            return "tablet";
        }
        if (containsAny(m, "watch", "wear", "band")) {
            return "wearable";
        }
        if (containsAny(m, " tv", "tv ", "smarttv", "chromecast", "apple tv", "fire tv", "roku", "shield")) {
            return "tv";
        }
        if (containsAny(m, "playstation", "xbox", "nintendo", "switch", "steam deck")) {
            return "console";
        }
        if (containsAny(m, "iphone", "pixel", "galaxy", "sm-", "redmi", "xiaomi", "oneplus", "moto",
                "nokia", "huawei", "oppo", "vivo", "realme", "phone", "nexus", "xperia")) {
            return "phone";
        }
        if (containsAny(m, "mac", "imac", "pc", "desktop", "laptop", "thinkpad", "notebook", "x86_64")) {
            return "desktop";
        }
        return "other";
    }

    private static boolean containsAny(String text, String... needles) {
        for (String n : needles) {
            if (text.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** The major part of a version such as {@code 15.1.2}; null when it does not start with a number. */
    public static String majorVersion(String version) {
        if (version == null) {
            return null;
        }
        int end = 0;
        while (end < version.length() && version.charAt(end) >= '0' && version.charAt(end) <= '9') {
            end++;
        }
        return end == 0 || end > 6 ? null : version.substring(0, end);
    }
}
