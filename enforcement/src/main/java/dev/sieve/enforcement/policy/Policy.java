package dev.sieve.enforcement.policy;

import dev.sieve.enforcement.consent.Purpose;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable version of the enforcement rules: a rule per purpose, a rule per field, and the
 * IP truncation prefixes. Build it with {@link #create}, which rejects an incomplete or unsafe
 * rule set with every problem at once.
 */
public final class Policy {
    private final long version;
    private final Map<Purpose, PurposeRule> purposes;
    private final Map<Field, FieldRule> fields;
    private final int ipv4Prefix;
    private final int ipv6Prefix;

    private Policy(long version, Map<Purpose, PurposeRule> purposes, Map<Field, FieldRule> fields,
                   int ipv4Prefix, int ipv6Prefix) {
        this.version = version;
        this.purposes = Collections.unmodifiableMap(new EnumMap<>(purposes));
        this.fields = Collections.unmodifiableMap(new EnumMap<>(fields));
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
    }

    /**
     * A validated policy.
     *
     * @throws InvalidPolicyException naming every problem (path and reason)
     */
    public static Policy create(long version, Map<Purpose, PurposeRule> purposes,
                                Map<Field, FieldRule> fields, int ipv4Prefix, int ipv6Prefix) {
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
            checkAction(problems, f, "withConsent", rule.withConsent());
            checkAction(problems, f, "withoutConsent", rule.withoutConsent());
        }
        if (ipv4Prefix < 0 || ipv4Prefix > 32) {
            problems.add("ipv4Prefix: must be between 0 and 32");
        }
        if (ipv6Prefix < 0 || ipv6Prefix > 128) {
            problems.add("ipv6Prefix: must be between 0 and 128");
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return new Policy(version, purposes, fields, ipv4Prefix, ipv6Prefix);
    }

    private static void checkAction(List<String> problems, Field f, String when, Action action) {
        if (!f.allows(action)) {
            problems.add("fields." + f.path() + "." + when + ": '" + action.wireName()
                    + "' is not allowed; allowed: " + f.allowedActions());
        }
    }

    public long version() {
        return version;
    }

    public PurposeRule purpose(Purpose purpose) {
        return purposes.get(purpose);
    }

    public FieldRule field(Field field) {
        return fields.get(field);
    }

    public Map<Purpose, PurposeRule> purposes() {
        return purposes;
    }

    public Map<Field, FieldRule> fields() {
        return fields;
    }

    public int ipv4Prefix() {
        return ipv4Prefix;
    }

    public int ipv6Prefix() {
        return ipv6Prefix;
    }

    /** The same rules under another version number. */
    public Policy withVersion(long newVersion) {
        return create(newVersion, purposes, fields, ipv4Prefix, ipv6Prefix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy other && version == other.version && purposes.equals(other.purposes)
                && fields.equals(other.fields) && ipv4Prefix == other.ipv4Prefix && ipv6Prefix == other.ipv6Prefix;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(version, purposes, fields, ipv4Prefix, ipv6Prefix);
    }

    @Override
    public String toString() {
        return "Policy[version=" + version + "]";
    }
}
