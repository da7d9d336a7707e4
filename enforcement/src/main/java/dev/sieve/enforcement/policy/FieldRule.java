package dev.sieve.enforcement.policy;

import java.util.Objects;

/** What happens to one field when the event's purpose has consent, and when it has not. */
public record FieldRule(Action withConsent, Action withoutConsent) {
    public FieldRule {
        Objects.requireNonNull(withConsent, "withConsent");
        Objects.requireNonNull(withoutConsent, "withoutConsent");
    }

    public Action actionFor(boolean consented) {
        return consented ? withConsent : withoutConsent;
    }
}
