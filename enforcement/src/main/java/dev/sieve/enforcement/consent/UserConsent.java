package dev.sieve.enforcement.consent;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The consent registry's state for one subject (user id or anonymous id): a state per purpose
 * and the registry version it was read at. Version 0 means the registry has never heard of the
 * subject. Immutable.
 */
public final class UserConsent {
    private final String subjectId;
    private final Map<Purpose, ConsentState> states;
    private final long version;

    public UserConsent(String subjectId, Map<Purpose, ConsentState> states, long version) {
        this.subjectId = Objects.requireNonNull(subjectId, "subjectId");
        EnumMap<Purpose, ConsentState> copy = new EnumMap<>(Purpose.class);
        copy.putAll(states);
        this.states = copy;
        this.version = version;
    }

    /** A subject the registry has no record of: every purpose unknown, version 0. */
    public static UserConsent unknown(String subjectId) {
        return new UserConsent(subjectId, Map.of(), 0);
    }

    public String subjectId() {
        return subjectId;
    }

    public long version() {
        return version;
    }

    public ConsentState state(Purpose purpose) {
        return states.getOrDefault(purpose, ConsentState.UNKNOWN);
    }

    /** Only an explicit grant counts: unknown means denied (privacy by default). */
    public boolean granted(Purpose purpose) {
        return state(purpose) == ConsentState.GRANTED;
    }

    public Map<Purpose, ConsentState> states() {
        return java.util.Collections.unmodifiableMap(states);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserConsent other
                && subjectId.equals(other.subjectId)
                && states.equals(other.states)
                && version == other.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subjectId, states, version);
    }

    @Override
    public String toString() {
        // Never print the subject id: it is personal data.
        return "UserConsent[states=" + states + ", version=" + version + "]";
    }
}
