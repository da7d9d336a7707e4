package dev.sieve.storage.rights;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a job stands: {@code pending -> running -> done}; a failed attempt goes back to pending
 * (with a backoff) until the last attempt, which ends in {@code failed}.
 */
public enum JobState {
    PENDING,
    RUNNING,
    DONE,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobState> fromWire(String name) {
        for (JobState state : values()) {
            if (state.wireName().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
