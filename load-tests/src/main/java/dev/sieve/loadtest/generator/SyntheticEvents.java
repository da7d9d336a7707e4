package dev.sieve.loadtest.generator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic synthetic events: ~400 bytes of properties (page, referrer, search, screen, campaign,
 * cart), real user agents, IPv4 and IPv6 addresses, devices for app traffic, many users. The
 * same seed always gives the same templates.
 */
public final class SyntheticEvents {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String PLACEHOLDER = "00000000-0000-4000-8000-000000000000";
    private static final String[] TYPES = {"page_view", "page_view", "page_view", "page_view", "page_view",
        "page_view", "click", "click", "search", "add_to_cart", "purchase", "error"};
    private static final String[] SECTIONS = {"products", "blog", "help", "account", "checkout", "pricing", "docs"};
    private static final String[] WORDS = {"garden", "hose", "reel", "kitchen", "kettle", "lamp", "desk", "chair",
        "running", "shoes", "winter", "jacket", "wireless", "headphones", "coffee", "grinder", "travel", "backpack",
        "organic", "tea", "smart", "watch", "camera", "lens", "yoga", "mat", "linen", "sheets", "cast", "iron"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://duckduckgo.com/",
        "https://www.bing.com/search?q=", "https://news.ycombinator.com/item?id=", "https://t.co/",
        "https://www.facebook.com/", "https://l.instagram.com/?u=", "android-app://com.google.android.gm/"};
    private static final String[] LOCALES = {"en-GB", "en-US", "de-DE", "fr-FR", "nl-NL", "es-ES", "pl-PL", "it-IT"};
    private static final String[] CAMPAIGNS = {"spring-sale-2026", "newsletter-48", "retargeting-q4", "brand",
        "black-friday", "onboarding-day-3"};
    private static final String[] SOURCES = {"newsletter", "google", "facebook", "partner", "direct"};
    private static final String[][] SCREENS = {{"1920", "1080", "1"}, {"2560", "1440", "1"}, {"1440", "900", "2"},
        {"390", "844", "3"}, {"412", "915", "2.625"}, {"820", "1180", "2"}, {"1366", "768", "1"}};
    private static final String[][] DEVICES = {
        {"Pixel 8", "Google", "Android", "15"}, {"SM-S921B", "samsung", "Android", "14"},
        {"iPhone15,2", "Apple", "iOS", "18.1.1"}, {"iPad13,18", "Apple", "iPadOS", "18.1"},
        {"Redmi Note 12", "Xiaomi", "Android", "13"}, {"Galaxy Tab S9", "samsung", "Android", "14"},
        {"MacBookPro18,3", "Apple", "macOS", "14.7"}, {"Apple Watch Series 9", "Apple", "watchOS", "11.1"}};

    private SyntheticEvents() {
    }

    /**
     * {@code count} templates over {@code users} users.
     *
     * @param now the events' timestamps are up to an hour before it
     */
    public static List<EventTemplate> templates(long seed, int count, int users, TemplateMix mix, Instant now) {
        if (users < 3) {
            throw new IllegalArgumentException("need at least 3 users (one per consent group)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<EventTemplate> templates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            templates.add(template(random, users, mix, now));
        }
        return List.copyOf(templates);
    }

    private static EventTemplate template(SplittableRandom r, int users, TemplateMix mix, Instant now) {
        int user = r.nextInt(users);
        if (mix == TemplateMix.GRANTED) {
            user -= user % 3; // ConsentGroup.of(user) == GRANTED
        }
        ConsentGroup group = ConsentGroup.of(user);
        String type = pick(r, TYPES);
        String purpose = null;
        Boolean analyticsOnEvent = null;
        if (mix == TemplateMix.MIXED_CONSENT) {
            int dice = r.nextInt(100);
            if (dice < 20) {
                purpose = "marketing";
                type = "ad_click";
            } else if (dice < 25 && !"error".equals(type)) {
                analyticsOnEvent = Boolean.FALSE;
            }
        }
        boolean stored = !"marketing".equals(purpose) || group == ConsentGroup.GRANTED;
        String subject = ConsentGroup.userId(user);
        byte[] json = json(r, type, subject, purpose, analyticsOnEvent, now);
        int at = indexOf(json, PLACEHOLDER.getBytes(StandardCharsets.US_ASCII));
        byte[] rest = Arrays.copyOfRange(json, at + PLACEHOLDER.length(), json.length);
        return new EventTemplate(rest, subject, stored);
    }

    private static byte[] json(SplittableRandom r, String type, String userId, String purpose,
                               Boolean analyticsOnEvent, Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("id", PLACEHOLDER);
            g.writeStringField("type", type);
            g.writeStringField("userId", userId);
            g.writeStringField("anonymousId", "a-" + Long.toHexString(r.nextLong() >>> 16));
            g.writeStringField("timestamp", now.minusMillis(r.nextLong(3_600_000L)).toString());
            if (purpose != null) {
                g.writeStringField("purpose", purpose);
            }
            g.writeStringField("ip", r.nextInt(10) < 7 ? ipv4(r) : ipv6(r));
            boolean app = r.nextInt(10) < 4;
            g.writeStringField("userAgent", app ? UserAgents.ALL.get(22 + r.nextInt(3)) : pick(r, UserAgents.ALL));
            if (app || r.nextInt(4) == 0) {
                String[] d = DEVICES[r.nextInt(DEVICES.length)];
                g.writeObjectFieldStart("device");
                g.writeStringField("id", "d-" + Long.toHexString(r.nextLong()));
                g.writeStringField("model", d[0]);
                g.writeStringField("manufacturer", d[1]);
                g.writeStringField("os", d[2]);
                g.writeStringField("osVersion", d[3]);
                g.writeEndObject();
            }
            properties(g, r, type);
            if (analyticsOnEvent != null) {
                g.writeObjectFieldStart("consent");
                g.writeBooleanField("analytics", analyticsOnEvent);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void properties(JsonGenerator g, SplittableRandom r, String type) throws IOException {
        String a = pick(r, WORDS);
        String b = pick(r, WORDS);
        String section = pick(r, SECTIONS);
        g.writeObjectFieldStart("properties");
        g.writeStringField("path", "/" + section + "/" + a + "-" + b + "-" + (100 + r.nextInt(900)));
        g.writeStringField("title", capital(a) + " " + b + " " + (1 + r.nextInt(60)) + " | " + capital(section));
        g.writeStringField("referrer", pick(r, REFERRERS) + Long.toString(r.nextLong() >>> 24, 36));
        if ("search".equals(type) || r.nextInt(3) == 0) {
            g.writeStringField("search", a + " " + b);
        }
        String[] s = SCREENS[r.nextInt(SCREENS.length)];
        g.writeObjectFieldStart("screen");
        g.writeNumberField("width", Integer.parseInt(s[0]));
        g.writeNumberField("height", Integer.parseInt(s[1]));
        g.writeNumberField("density", Double.parseDouble(s[2]));
        g.writeEndObject();
        g.writeStringField("locale", pick(r, LOCALES));
        g.writeObjectFieldStart("campaign");
        g.writeStringField("source", pick(r, SOURCES));
        g.writeStringField("medium", r.nextBoolean() ? "email" : "cpc");
        g.writeStringField("name", pick(r, CAMPAIGNS));
        g.writeEndObject();
        g.writeObjectFieldStart("cart");
        g.writeNumberField("items", r.nextInt(8));
        g.writeNumberField("value", r.nextInt(50_000) / 100.0);
        g.writeStringField("currency", r.nextInt(4) == 0 ? "GBP" : "EUR");
        g.writeEndObject();
        g.writeStringField("session", "s-" + Long.toHexString(r.nextLong() >>> 24));
        g.writeStringField("experiment", "checkout-v" + (1 + r.nextInt(3)) + ":" + (r.nextBoolean() ? "A" : "B"));
        g.writeNumberField("loadMs", 80 + r.nextInt(2_500));
        g.writeEndObject();
    }

    private static String ipv4(SplittableRandom r) {
        int first = 1 + r.nextInt(223);
        if (first == 10 || first == 127) {
            first = 81;
        }
        return first + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static String ipv6(SplittableRandom r) {
        StringBuilder ip = new StringBuilder("2a0").append(Integer.toHexString(1 + r.nextInt(15)));
        for (int i = 0; i < 7; i++) {
            ip.append(':').append(Integer.toHexString(r.nextInt(0x10000)));
        }
        return ip.toString();
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String pick(SplittableRandom r, List<String> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("placeholder not found");
    }
}
