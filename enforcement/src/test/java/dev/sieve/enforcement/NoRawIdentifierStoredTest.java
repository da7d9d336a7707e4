package dev.sieve.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sieve.enforcement.consent.LegalBasis;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Device;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.ip.IpLiteral;
import dev.sieve.enforcement.policy.Action;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.Field;
import dev.sieve.enforcement.policy.FieldRule;
import dev.sieve.enforcement.policy.InvalidPolicyException;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PurposeRule;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The product's promise over random inputs: whatever the consent and whatever valid policy, no
 * stored value holds the raw IP (in any spelling), user id, anonymous id or device id.
 *
 * <p>Variants start from the default policy with the user agent kept raw rather than generalised:
 * uap-java takes milliseconds per user agent, and generalising cannot reveal more than keeping.
 * The user agent's own variants generalise.
 */
class NoRawIdentifierStoredTest {
    private static final int EVENTS = 10_000;
    private static final int EVENTS_PER_VARIANT = 500;
    private static final List<RandomEvents.Sample> SAMPLES = new RandomEvents(20261129L).samples(EVENTS);
    private static final PseudonymKey KEY =
            new PseudonymKey("rnd", "random-events-secret-of-32-bytes".getBytes(StandardCharsets.US_ASCII));
    private static final Enforcer ENFORCER = new Enforcer(new Pseudonymizer(KEY), new UserAgentGeneralizer());
    private static final List<RecordComponent> STRING_COMPONENTS = Arrays.stream(
            EnforcedEvent.class.getRecordComponents()).filter(c -> c.getType() == String.class).toList();
    private static final int[] IPV4_PREFIXES = {0, 1, 8, 16, 20, 24, 25, 31, 32};
    private static final int[] IPV6_PREFIXES = {0, 1, 32, 48, 50, 64, 127, 128};

    @Test
    void defaultPolicyOverEveryEvent() {
        Stats stats = enforceAll("default", DefaultPolicy.create(), SAMPLES);

        // guard against a vacuous pass: every kind of value was actually produced
        assertThat(stats.dropped).isPositive();
        assertThat(stats.ipNetworks).isGreaterThan(500);
        assertThat(stats.pseudonyms).isGreaterThan(EVENTS);
        assertThat(stats.browserFamilies).isPositive();
    }

    static List<Arguments> variants() {
        List<Arguments> variants = new ArrayList<>();
        for (Field field : Field.values()) {
            for (Action with : field.allowedActions()) {
                for (Action without : field.allowedActions()) {
                    Map<Field, FieldRule> fields = base();
                    fields.put(field, new FieldRule(with, without));
                    add(variants, field.path() + " " + with.wireName() + "/" + without.wireName(),
                            purposes(null, false), fields, 24, 48);
                }
            }
        }
        for (LegalBasis basis : LegalBasis.values()) {
            for (boolean drop : new boolean[] {false, true}) {
                add(variants, "every purpose on " + basis.wireName() + (drop ? ", drop without consent" : ""),
                        purposes(basis, drop), base(), 24, 48);
            }
        }
        for (int v4 : IPV4_PREFIXES) {
            truncated(variants, v4, 48);
        }
        for (int v6 : IPV6_PREFIXES) {
            truncated(variants, 24, v6);
        }
        truncated(variants, 32, 128);
        add(variants, "most revealing valid rules", purposes(LegalBasis.CONTRACT, false), mostRevealing(), 24, 48);
        return variants;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void validPolicyVariant(String name, Policy policy) {
        int slice = Math.floorMod(name.hashCode(), EVENTS / EVENTS_PER_VARIANT) * EVENTS_PER_VARIANT;

        Stats stats = enforceAll(name, policy, SAMPLES.subList(slice, slice + EVENTS_PER_VARIANT));

        assertThat(stats.stored).isPositive();
    }

    /**
     * Bug: a 6to4 address (2002::/16) carries the client's whole IPv4 address in bits 16-47, so
     * the default /48 keeps all of it: 2002:cb00:7107::1 is stored as 2002:cb00:7107::, which is
     * 203.0.113.7. Its embedded IPv4 must be truncated with the IPv4 prefix.
     */
    @Test
    void sixToFourAddressDoesNotKeepItsWholeIpv4() {
        Event event = new Event(UUID.randomUUID(), "page_view", "user-6to4", null, Instant.EPOCH, Instant.EPOCH,
                Purpose.SECURITY, "2002:cb00:7107::1", null, Device.NONE, JsonNodeFactory.instance.objectNode(),
                Map.of());

        String network = ENFORCER.apply(event, UserConsent.unknown("user-6to4"), DefaultPolicy.create())
                .event().ipNetwork();

        assertThat(network).as("203.0.113.7 is cb00:7107 in hex").isNotNull().doesNotContain("cb00:7107");
    }

    @Test
    void enumeratesEnoughVariants() {
        assertThat(variants()).hasSizeGreaterThan(80);
    }

    private static void truncated(List<Arguments> variants, int v4, int v6) {
        Map<Field, FieldRule> fields = base();
        fields.put(Field.IP, new FieldRule(Action.TRUNCATE, Action.TRUNCATE));
        add(variants, "ip truncated to /" + v4 + " and /" + v6, purposes(null, false), fields, v4, v6);
    }

    /** Only valid policies are enforced: a variant the validator rejects cannot reach production. */
    private static void add(List<Arguments> variants, String name, Map<Purpose, PurposeRule> purposes,
                            Map<Field, FieldRule> fields, int v4, int v6) {
        try {
            variants.add(Arguments.of(name, Policy.create(2, purposes, fields, v4, v6)));
        } catch (InvalidPolicyException e) {
            // not a valid policy: nothing to enforce
        }
    }

    private static Map<Field, FieldRule> base() {
        Map<Field, FieldRule> fields = new EnumMap<>(DefaultPolicy.create().fields());
        fields.put(Field.USER_AGENT, new FieldRule(Action.KEEP, Action.KEEP));
        return fields;
    }

    private static Map<Purpose, PurposeRule> purposes(LegalBasis basis, boolean drop) {
        Map<Purpose, PurposeRule> purposes = new EnumMap<>(DefaultPolicy.create().purposes());
        if (basis != null) {
            purposes.replaceAll((p, rule) -> new PurposeRule(basis, drop));
        }
        return purposes;
    }

    /** For every field the allowed action that stores the most: keep, else truncate, else pseudonymise. */
    private static Map<Field, FieldRule> mostRevealing() {
        Map<Field, FieldRule> fields = new EnumMap<>(Field.class);
        for (Field f : Field.values()) {
            Action a = f.allows(Action.KEEP) ? Action.KEEP
                    : f.allows(Action.TRUNCATE) ? Action.TRUNCATE : Action.PSEUDONYMIZE;
            fields.put(f, new FieldRule(a, a));
        }
        return fields;
    }

    private static final class Stats {
        int stored;
        int dropped;
        int ipNetworks;
        int pseudonyms;
        int browserFamilies;
    }

    private static Stats enforceAll(String name, Policy policy, List<RandomEvents.Sample> samples) {
        Stats stats = new Stats();
        List<String> leaks = new ArrayList<>();
        for (RandomEvents.Sample sample : samples) {
            EnforcementOutcome outcome = ENFORCER.apply(sample.event(), sample.consent(), policy);
            if (outcome.isDropped()) {
                stats.dropped++;
                continue;
            }
            EnforcedEvent stored = outcome.event();
            stats.stored++;
            stats.ipNetworks += stored.ipNetwork() != null ? 1 : 0;
            stats.pseudonyms += (stored.userKey() != null ? 1 : 0) + (stored.anonymousKey() != null ? 1 : 0)
                    + (stored.deviceKey() != null ? 1 : 0) + (stored.ipKey() != null ? 1 : 0);
            stats.browserFamilies += stored.browserFamily() != null ? 1 : 0;
            leaks.addAll(leaks(sample, stored));
            if (leaks.size() >= 5) {
                break;
            }
        }
        assertThat(leaks).as("raw identifiers stored under policy '%s'", name).isEmpty();
        return stats;
    }

    /** Every way a raw identifier could sit in the stored event, described; empty when none does. */
    private static List<String> leaks(RandomEvents.Sample sample, EnforcedEvent stored) {
        List<String> raw = new ArrayList<>();
        raw.add(sample.event().userId());
        raw.add(sample.event().anonymousId());
        raw.add(sample.event().device().id());
        raw.add(sample.event().ip());
        if (sample.rawIp() != null) {
            raw.add(IpLiteral.format(sample.rawIp()));
        }
        StringBuilder everything = new StringBuilder(String.valueOf(stored.properties()));
        List<String> leaks = new ArrayList<>();
        for (RecordComponent c : STRING_COMPONENTS) {
            String value = (String) value(c, stored);
            everything.append('\n').append(c.getName()).append('=').append(value);
            byte[] address = sample.rawIp() == null ? null : IpLiteral.parse(value);
            if (address != null && Arrays.equals(address, sample.rawIp())) {
                leaks.add(c.getName() + " is the whole address " + sample.event().ip());
            }
        }
        for (String value : raw) {
            if (value != null && everything.indexOf(value) >= 0) {
                leaks.add("'" + value + "' in " + everything);
            }
        }
        return leaks;
    }

    private static Object value(RecordComponent c, EnforcedEvent event) {
        try {
            return c.getAccessor().invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
