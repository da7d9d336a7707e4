package dev.sieve.loadtest.generator;

import java.util.Optional;

/** What a synthetic user told the consent registry before the run: users are split in thirds. */
public enum ConsentGroup {
    GRANTED("{\"analytics\":true,\"diagnostics\":true,\"marketing\":true}"),
    DENIED("{\"analytics\":false,\"diagnostics\":false,\"marketing\":false}"),
    UNKNOWN(null);

    private final String consentBody;

    ConsentGroup(String consentBody) {
        this.consentBody = consentBody;
    }

    /** The {@code PUT /v1/consent/{userId}} body that puts a user in this group; none for unknown. */
    public Optional<String> consentBody() {
        return Optional.ofNullable(consentBody);
    }

    public static ConsentGroup of(int userIndex) {
        return values()[Math.floorMod(userIndex, 3)];
    }

    public static String userId(int userIndex) {
        return String.format("u-%07d", userIndex);
    }
}
