package dev.sieve.enforcement.policy;

import dev.sieve.enforcement.consent.LegalBasis;
import dev.sieve.enforcement.consent.Purpose;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One immutable version of the enforcement rules: a rule per purpose, a rule per field (with
 * where in the document it came from), rules for named event properties, global switches, and
 * the IP truncation prefixes. Build it with {@link #create}, which rejects an incomplete or
 * unsafe rule set with every problem at once.
 */
public final class Policy {
    private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9_.$-]{0,99}");
    /** Version 0 is reserved for {@link #failClosed()}. */
    public static final long FAIL_CLOSED_VERSION = 0;
    /** Longest IPv4 truncation prefix: /24 still covers 256 hosts. */
    public static final int MAX_IPV4_PREFIX = 24;
    /** Longest IPv6 truncation prefix: /64 is one end-user subnet. */
    public static final int MAX_IPV6_PREFIX = 64;

    private final long version;
    private final Map<Purpose, PurposeRule> purposes;
    private final Map<Field, FieldRule> fields;
    private final Map<Field, String> origins;
    private final Map<String, FieldRule> properties;
    private final Switches switches;
    private final int ipv4Prefix;
    private final int ipv6Prefix;
    private Map<String, Purpose> consentCategories = DEFAULT_CONSENT_CATEGORIES;

    /**
     * How consent categories of other tools (Segment's {@code categoryPreferences}, a CMP's
     * categories) map to purposes, matched case-insensitively. The privacy team can replace it.
     */
    public static final Map<String, Purpose> DEFAULT_CONSENT_CATEGORIES = Map.of(
            "analytics", Purpose.ANALYTICS,
            "performance", Purpose.DIAGNOSTICS,
            "diagnostics", Purpose.DIAGNOSTICS,
            "security", Purpose.SECURITY,
            "advertising", Purpose.MARKETING,
            "marketing", Purpose.MARKETING,
            "targeting", Purpose.MARKETING);

    private Policy(long version, Map<Purpose, PurposeRule> purposes, Map<Field, FieldRule> fields,
                   Map<Field, String> origins, Map<String, FieldRule> properties, Switches switches,
                   int ipv4Prefix, int ipv6Prefix) {
        this.version = version;
        this.purposes = Collections.unmodifiableMap(new EnumMap<>(purposes));
        this.fields = Collections.unmodifiableMap(new EnumMap<>(fields));
        Map<Field, String> o = new EnumMap<>(Field.class);
        for (Field f : Field.values()) {
            o.put(f, origins.getOrDefault(f, "fields." + f.path()));
        }
        this.origins = Collections.unmodifiableMap(o);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.switches = Objects.requireNonNull(switches, "switches");
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
    }

    /** A policy with field rules only: no property rules, no switches. */
    public static Policy create(long version, Map<Purpose, PurposeRule> purposes, Map<Field, FieldRule> fields,
                                int ipv4Prefix, int ipv6Prefix) {
        return create(version, purposes, fields, Map.of(), Map.of(), Switches.NONE, ipv4Prefix, ipv6Prefix);
    }

    /**
     * A validated policy.
     *
     * @param origins    where each field's rule came from in the document (default {@code fields.<path>})
     * @param properties rules for named top-level event properties
     * @throws InvalidPolicyException naming every problem (path and reason)
     */
    public static Policy create(long version, Map<Purpose, PurposeRule> purposes, Map<Field, FieldRule> fields,
                                Map<Field, String> origins, Map<String, FieldRule> properties, Switches switches,
                                int ipv4Prefix, int ipv6Prefix) {
        List<String> problems = validate(version, purposes, fields, origins, properties, ipv4Prefix, ipv6Prefix);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return new Policy(version, purposes, fields, origins, properties, switches, ipv4Prefix, ipv6Prefix);
    }

    /** Every problem of a rule set as "path: reason"; empty when {@link #create} would accept it. */
    public static List<String> validate(long version, Map<Purpose, PurposeRule> purposes, Map<Field, FieldRule> fields,
                                        Map<Field, String> origins, Map<String, FieldRule> properties,
                                        int ipv4Prefix, int ipv6Prefix) {
        List<String> problems = new ArrayList<>();
        if (version < 1) {
            problems.add("version: must be at least 1");
        }
        for (Purpose p : Purpose.values()) {
            if (!purposes.containsKey(p)) {
                problems.add("purposes." + p.wireName() + ": missing");
            }
        }
        for (Field f : Field.values()) {
            FieldRule rule = fields.get(f);
            if (rule == null) {
                problems.add("fields." + f.path() + ": missing");
                continue;
            }
            String origin = origins.getOrDefault(f, "fields." + f.path());
            checkAction(problems, f, origin, "withConsent", rule.withConsent());
            checkAction(problems, f, origin, "withoutConsent", rule.withoutConsent());
        }
        properties.forEach((name, rule) -> checkProperty(problems, name, rule));
        if (ipv4Prefix < 0 || ipv4Prefix > MAX_IPV4_PREFIX) {
            problems.add("ipv4Prefix: must be between 0 and " + MAX_IPV4_PREFIX + " (a longer prefix singles out a host)");
        }
        if (ipv6Prefix < 0 || ipv6Prefix > MAX_IPV6_PREFIX) {
            problems.add("ipv6Prefix: must be between 0 and " + MAX_IPV6_PREFIX + " (a longer prefix singles out a host)");
        }
        return problems;
    }

    /**
     * What a node enforces when it cannot load a valid policy: every purpose needs consent and
     * has none, every consent-dependent field is dropped, identifiers are pseudonymised, and
     * marketing events are dropped. Rows stored under it carry policy version 0.
     */
    public static Policy failClosed() {
        Map<Purpose, PurposeRule> purposes = new EnumMap<>(Purpose.class);
        for (Purpose p : Purpose.values()) {
            purposes.put(p, new PurposeRule(LegalBasis.CONSENT, p == Purpose.MARKETING));
        }
        Map<Field, FieldRule> fields = new EnumMap<>(Field.class);
        for (Field f : Field.values()) {
            Action a = f.category() == FieldCategory.USER ? Action.PSEUDONYMIZE : Action.DROP;
            fields.put(f, new FieldRule(a, a));
        }
        return new Policy(FAIL_CLOSED_VERSION, purposes, fields, Map.of(), Map.of(), Switches.NONE, 24, 48);
    }

    private static void checkAction(List<String> problems, Field f, String origin, String when, Action action) {
        if (!f.allows(action)) {
            problems.add(origin + "." + when + ": '" + action.wireName() + "' is not allowed for "
                    + f.path() + "; allowed: " + wireNames(f.allowedActions()));
        }
    }

    private static void checkProperty(List<String> problems, String name, FieldRule rule) {
        String path = "properties." + name;
        if (!PROPERTY_NAME.matcher(name).matches()) {
            problems.add(path + ": a property name is 1-100 of [A-Za-z0-9_.$-]");
        }
        for (Action a : List.of(rule.withConsent(), rule.withoutConsent())) {
            if (a != Action.KEEP && a != Action.DROP && a != Action.PSEUDONYMIZE) {
                problems.add(path + ": '" + a.wireName() + "' is not allowed; allowed: [keep, drop, pseudonymize]");
            }
        }
    }

    private static List<String> wireNames(Iterable<Action> actions) {
        List<String> out = new ArrayList<>();
        actions.forEach(a -> out.add(a.wireName()));
        return out;
    }

    public long version() {
        return version;
    }

    public boolean isFailClosed() {
        return version == FAIL_CLOSED_VERSION;
    }

    public PurposeRule purpose(Purpose purpose) {
        return purposes.get(purpose);
    }

    public FieldRule field(Field field) {
        return fields.get(field);
    }

    /**
     * The action for a field, switches included: a dropped category wins over every rule.
     */
    public Action action(Field field, boolean consented) {
        return switches.drops(field.category()) ? Action.DROP : fields.get(field).actionFor(consented);
    }

    /** Where the action for a field comes from: {@code switches.dropCategories} or the rule's path. */
    public String origin(Field field, boolean consented) {
        if (switches.drops(field.category())) {
            return "switches.dropCategories";
        }
        return origins.get(field) + (consented ? ".withConsent" : ".withoutConsent");
    }

    public Map<Purpose, PurposeRule> purposes() {
        return purposes;
    }

    public Map<Field, FieldRule> fields() {
        return fields;
    }

    public Map<Field, String> origins() {
        return origins;
    }

    /** Rules for named top-level properties; properties without a rule follow the {@code properties} field. */
    public Map<String, FieldRule> properties() {
        return properties;
    }

    public Switches switches() {
        return switches;
    }

    public int ipv4Prefix() {
        return ipv4Prefix;
    }

    public int ipv6Prefix() {
        return ipv6Prefix;
    }

    /** The same rules under another version number. */
    public Policy withVersion(long newVersion) {
        return create(newVersion, purposes, fields, origins, properties, switches, ipv4Prefix, ipv6Prefix)
                .withConsentCategories(consentCategories);
    }

    /** The same rules with another consent-category mapping (keys are lower-cased). */
    public Policy withConsentCategories(Map<String, Purpose> mapping) {
        Policy copy = new Policy(version, purposes, fields, origins, properties, switches, ipv4Prefix, ipv6Prefix);
        Map<String, Purpose> lower = new java.util.TreeMap<>();
        mapping.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        copy.consentCategories = Collections.unmodifiableMap(lower);
        return copy;
    }

    /** The purpose an external consent category stands for, if the mapping names it. */
    public java.util.Optional<Purpose> purposeOfCategory(String category) {
        return java.util.Optional.ofNullable(consentCategories.get(category.toLowerCase(java.util.Locale.ROOT)));
    }

    public Map<String, Purpose> consentCategories() {
        return consentCategories;
    }

    /** Equal rules, whatever the version: what a diff compares. */
    public boolean sameRules(Policy other) {
        return purposes.equals(other.purposes) && fields.equals(other.fields) && properties.equals(other.properties)
                && switches.equals(other.switches) && ipv4Prefix == other.ipv4Prefix && ipv6Prefix == other.ipv6Prefix
                && Map.copyOf(consentCategories).equals(Map.copyOf(other.consentCategories));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy other && version == other.version && sameRules(other)
                && origins.equals(other.origins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, purposes, fields, properties, switches, ipv4Prefix, ipv6Prefix);
    }

    @Override
    public String toString() {
        return "Policy[version=" + version + "]";
    }
}
