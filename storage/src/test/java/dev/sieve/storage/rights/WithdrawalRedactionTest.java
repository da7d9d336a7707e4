package dev.sieve.storage.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.LegalBasis;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.policy.Action;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.Field;
import dev.sieve.enforcement.policy.FieldRule;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PurposeRule;
import dev.sieve.enforcement.policy.Switches;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a stored row keeps when consent is withdrawn, per field and action (stored "with consent"). */
class WithdrawalRedactionTest {
    private static final UserAgentGeneralizer USER_AGENTS = new UserAgentGeneralizer();
    private static final Pseudonymizer ACTIVE = new Pseudonymizer(RightsTestbed.K2);
    private static final WithdrawalRedaction REDACTION = new WithdrawalRedaction(ACTIVE, USER_AGENTS);
    private static final StoredFields STORED = new StoredFields("203.0.113.0", "k2:ip-key", "k2:user", "k2:anon",
            "k2:device", "Pixel 8", "phone", "Google", "Android", "15.1", RightsTestbed.CHROME_UA, null, null, null,
            (ObjectNode) RightsTestbed.MAPPER.createObjectNode().put("path", "/p").put("email", "a@b.example")
                    .put("token", "k2:already"));

    /** A policy: the default one with {@code field}'s without-consent action replaced. */
    private static Policy without(Field field, Action action) {
        Policy base = DefaultPolicy.create();
        Map<Field, FieldRule> fields = new EnumMap<>(base.fields());
        fields.put(field, new FieldRule(base.field(field).withConsent(), action));
        return Policy.create(2, base.purposes(), fields, Map.of(), Map.of(), Switches.NONE, 16, 32);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Field.IP, Action.DROP, col(StoredFields::ipNetwork), null),
                Arguments.of(Field.IP, Action.DROP, col(StoredFields::ipKey), null),
                Arguments.of(Field.IP, Action.TRUNCATE, col(StoredFields::ipNetwork), "203.0.0.0"),
                Arguments.of(Field.IP, Action.TRUNCATE, col(StoredFields::ipKey), null),
                Arguments.of(Field.IP, Action.PSEUDONYMIZE, col(StoredFields::ipNetwork), null),
                Arguments.of(Field.IP, Action.PSEUDONYMIZE, col(StoredFields::ipKey), "k2:ip-key"),
                Arguments.of(Field.USER_ID, Action.DROP, col(StoredFields::userKey), null),
                Arguments.of(Field.USER_ID, Action.PSEUDONYMIZE, col(StoredFields::userKey), "k2:user"),
                Arguments.of(Field.ANONYMOUS_ID, Action.DROP, col(StoredFields::anonymousKey), null),
                Arguments.of(Field.DEVICE_ID, Action.DROP, col(StoredFields::deviceKey), null),
                Arguments.of(Field.DEVICE_ID, Action.PSEUDONYMIZE, col(StoredFields::deviceKey), "k2:device"),
                Arguments.of(Field.DEVICE_MODEL, Action.KEEP, col(StoredFields::deviceModel), "Pixel 8"),
                Arguments.of(Field.DEVICE_MODEL, Action.GENERALIZE, col(StoredFields::deviceModel), null),
                Arguments.of(Field.DEVICE_MODEL, Action.GENERALIZE, col(StoredFields::deviceClass), "phone"),
                Arguments.of(Field.DEVICE_MODEL, Action.DROP, col(StoredFields::deviceClass), null),
                Arguments.of(Field.DEVICE_MANUFACTURER, Action.DROP, col(StoredFields::deviceManufacturer), null),
                Arguments.of(Field.DEVICE_MANUFACTURER, Action.KEEP, col(StoredFields::deviceManufacturer), "Google"),
                Arguments.of(Field.DEVICE_OS, Action.DROP, col(StoredFields::deviceOs), null),
                Arguments.of(Field.DEVICE_OS_VERSION, Action.GENERALIZE, col(StoredFields::deviceOsVersion), "15"),
                Arguments.of(Field.DEVICE_OS_VERSION, Action.KEEP, col(StoredFields::deviceOsVersion), "15.1"),
                Arguments.of(Field.DEVICE_OS_VERSION, Action.DROP, col(StoredFields::deviceOsVersion), null),
                Arguments.of(Field.USER_AGENT, Action.KEEP, col(StoredFields::userAgent), RightsTestbed.CHROME_UA),
                Arguments.of(Field.USER_AGENT, Action.GENERALIZE, col(StoredFields::userAgent), null),
                Arguments.of(Field.USER_AGENT, Action.GENERALIZE, col(StoredFields::browserFamily), "Chrome"),
                Arguments.of(Field.USER_AGENT, Action.GENERALIZE, col(StoredFields::browserMajor), "120"),
                Arguments.of(Field.USER_AGENT, Action.GENERALIZE, col(StoredFields::osFamily), "Linux"),
                Arguments.of(Field.USER_AGENT, Action.DROP, col(StoredFields::browserFamily), null),
                Arguments.of(Field.PROPERTIES, Action.DROP, col(f -> f.properties() == null ? null : "present"), null),
                Arguments.of(Field.PROPERTIES, Action.KEEP, col(f -> f.properties().toString()),
                        "{\"path\":\"/p\",\"email\":\"a@b.example\",\"token\":\"k2:already\"}"));
    }

    private static Function<StoredFields, String> col(Function<StoredFields, String> f) {
        return f;
    }

    @ParameterizedTest(name = "{0} without consent {1}")
    @MethodSource("cases")
    void eachFieldGetsTheTargetsWithoutConsentAction(Field field, Action action, Function<StoredFields, String> column,
                                                     String expected) {
        Policy target = without(field, action);

        StoredFields redacted = REDACTION.apply(STORED, DefaultPolicy.create(), target);

        assertThat(column.apply(redacted)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "property {0}: was {1}, now {2}")
    @MethodSource("propertyCases")
    void propertyRulesDropOrPseudonymiseOnlyWhatWasStoredRaw(String name, Action was, Action now, String expected) {
        Policy base = DefaultPolicy.create();
        Policy stored = Policy.create(1, base.purposes(), base.fields(), Map.of(),
                Map.of(name, new FieldRule(was, was)), Switches.NONE, 24, 48);
        Policy target = Policy.create(2, base.purposes(), base.fields(), Map.of(),
                Map.of(name, new FieldRule(was, now)), Switches.NONE, 24, 48);

        StoredFields redacted = REDACTION.apply(STORED, stored, target);

        assertThat(redacted.properties().has(name) ? redacted.properties().get(name).asText() : null)
                .isEqualTo(expected);
        assertThat(redacted.properties().get("path").asText()).isEqualTo("/p");
    }

    static Stream<Arguments> propertyCases() {
        return Stream.of(
                Arguments.of("email", Action.KEEP, Action.DROP, null),
                Arguments.of("email", Action.KEEP, Action.KEEP, "a@b.example"),
                Arguments.of("email", Action.KEEP, Action.PSEUDONYMIZE, ACTIVE.pseudonymize("property", "a@b.example")),
                Arguments.of("token", Action.PSEUDONYMIZE, Action.PSEUDONYMIZE, "k2:already"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switchCases")
    void aCategorySwitchedOffIsDroppedWhateverTheRule(String name, Function<StoredFields, String> column) {
        Policy base = DefaultPolicy.create();
        Map<Purpose, PurposeRule> purposes = new EnumMap<>(base.purposes());
        purposes.put(Purpose.SECURITY, new PurposeRule(LegalBasis.CONSENT, false));
        Policy target = Policy.create(3, purposes, base.fields(), Map.of(), Map.of(),
                new Switches(java.util.Set.of(dev.sieve.enforcement.policy.FieldCategory.DEVICE), java.util.Set.of()),
                24, 48);

        assertThat(column.apply(REDACTION.apply(STORED, base, target))).isNull();
    }

    static Stream<Arguments> switchCases() {
        return Stream.of(Arguments.of("device id", col(StoredFields::deviceKey)),
                Arguments.of("device class", col(StoredFields::deviceClass)),
                Arguments.of("device os", col(StoredFields::deviceOs)));
    }

    @org.junit.jupiter.api.Test
    void redactingTwiceChangesNothingMore() {
        Policy policy = DefaultPolicy.create();
        StoredFields once = REDACTION.apply(STORED, policy, policy);

        assertThat(REDACTION.apply(once, policy, policy)).usingRecursiveComparison().isEqualTo(once);
        assertThat(List.of(once.ipNetwork() == null, once.deviceKey() == null)).containsOnly(true);
    }
}
