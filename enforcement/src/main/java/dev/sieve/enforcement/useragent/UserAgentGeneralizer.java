package dev.sieve.enforcement.useragent;

import java.util.Locale;
import java.util.regex.Pattern;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Generalises user agents with uap-java (the maintained ua-parser regex set) and device models
 * to device classes. Not shared between threads: one per event loop.
 */
public final class UserAgentGeneralizer {
    private static final int MAX_UA_LENGTH = 512;
    private static final Pattern MAJOR = Pattern.compile("\\d{1,6}");

    private final Parser parser = new Parser();

    /** Family, major version and OS family of a user agent; {@link BrowserSummary#UNKNOWN} for null. */
    public BrowserSummary summarize(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return BrowserSummary.UNKNOWN;
        }
        String ua = userAgent.length() > MAX_UA_LENGTH ? userAgent.substring(0, MAX_UA_LENGTH) : userAgent;
        Client client = parser.parse(ua);
        String family = known(client.userAgent.family);
        String major = client.userAgent.major != null && MAJOR.matcher(client.userAgent.major).matches()
                ? client.userAgent.major : null;
        String os = known(client.os.family);
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
        while (end < version.length() && end < 6 && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? null : version.substring(0, end);
    }
}
