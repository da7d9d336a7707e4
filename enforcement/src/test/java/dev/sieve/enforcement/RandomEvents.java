package dev.sieve.enforcement;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.ConsentState;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Device;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.ip.IpLiteral;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded random events with long, distinctive raw identifiers, so that finding one inside a stored
 * value can only mean it leaked. IP addresses always have the lowest host bit set, so any
 * truncation short of the full length changes them.
 */
final class RandomEvents {
    static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/17.1.2 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/120.0.6099.144 Mobile Safari/537.36",
            "curl/8.5.0",
            "garbage");
    private static final List<String> MODELS =
            List.of("Pixel 8", "iPhone 15 Pro", "iPad Pro", "Galaxy Watch6", "MacBook Pro", "Zebra TC52");
    private static final List<String> OS = List.of("Android", "iOS", "macOS", "Windows", "Linux");

    /** One event, the registry's consent for its subject, and its raw IP as bytes (null if none). */
    record Sample(Event event, UserConsent consent, byte[] rawIp) {
    }

    private final Random random;

    RandomEvents(long seed) {
        this.random = new Random(seed);
    }

    List<Sample> samples(int count) {
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(sample());
        }
        return samples;
    }

    private Sample sample() {
        boolean hasUser = random.nextInt(4) != 0;
        String userId = hasUser ? "user-" + hex(16) + "-raw-user-id" : null;
        String anonymousId = !hasUser || random.nextBoolean() ? "anon-" + hex(16) + "-raw-anonymous-id" : null;
        String ip = ip();
        Event event = new Event(new UUID(random.nextLong(), random.nextLong()), "event_" + random.nextInt(5),
                userId, anonymousId, Instant.ofEpochSecond(1_790_000_000L + random.nextInt(1_000_000)),
                Instant.ofEpochSecond(1_790_000_000L), pick(Purpose.values()), ip,
                random.nextInt(16) == 0 ? pick(USER_AGENTS) : null, device(), properties(), eventConsent());
        String subject = event.subjectId();
        UserConsent consent = random.nextInt(5) == 0 ? UserConsent.unknown(subject)
                : new UserConsent(subject, registryStates(), 1 + random.nextInt(1_000_000));
        return new Sample(event, consent, IpLiteral.parse(ip));
    }

    private String ip() {
        return switch (random.nextInt(10)) {
            case 0 -> null;
            case 1 -> "not-an-ip-" + random.nextInt(1000);
            case 2, 3, 4 -> ipv4();
            case 5 -> (random.nextBoolean() ? "::ffff:" : "::FFFF:") + ipv4();
            default -> ipv6();
        };
    }

    private String ipv4() {
        return (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + 2 * random.nextInt(128));
    }

    /** A global unicast IPv6 address in one of several spellings, lowest bit set. */
    private String ipv6() {
        int[] groups = new int[8];
        groups[0] = 0x2001 + random.nextInt(0xdfff);
        for (int i = 1; i < 8; i++) {
            groups[i] = random.nextInt(0x10000);
        }
        groups[7] |= 1;
        boolean compress = random.nextBoolean();
        if (compress) {
            groups[3] = 0;
            groups[4] = 0;
        }
        StringBuilder text = new StringBuilder();
        boolean padded = random.nextBoolean();
        for (int i = 0; i < 8; i++) {
            if (compress && i == 3) {
                text.append(':');
                i = 4;
                continue;
            }
            String group = Integer.toHexString(groups[i]);
            text.append(i == 0 ? "" : ":").append(padded ? "0".repeat(4 - group.length()) : "").append(group);
        }
        return random.nextBoolean() ? text.toString() : text.toString().toUpperCase(Locale.ROOT);
    }

    private Device device() {
        if (random.nextInt(6) == 0) {
            return Device.NONE;
        }
        return new Device(random.nextInt(5) == 0 ? null : "device-" + hex(16) + "-raw-device-id",
                pick(MODELS), random.nextBoolean() ? "Google" : "Apple", pick(OS),
                random.nextInt(30) + "." + random.nextInt(10) + "." + random.nextInt(10));
    }

    private ObjectNode properties() {
        int n = random.nextInt(100_000);
        return JsonNodeFactory.instance.objectNode().put("path", "/page/" + n).put("n", n)
                .put("search", random.nextBoolean() ? "plans" : "pricing");
    }

    private Map<Purpose, Boolean> eventConsent() {
        Map<Purpose, Boolean> flags = new EnumMap<>(Purpose.class);
        for (Purpose p : Purpose.values()) {
            if (random.nextInt(3) == 0) {
                flags.put(p, random.nextBoolean());
            }
        }
        return flags;
    }

    private Map<Purpose, ConsentState> registryStates() {
        Map<Purpose, ConsentState> states = new EnumMap<>(Purpose.class);
        for (Purpose p : Purpose.values()) {
            int r = random.nextInt(4);
            if (r < 3) {
                states.put(p, ConsentState.values()[r]);
            }
        }
        return states;
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
