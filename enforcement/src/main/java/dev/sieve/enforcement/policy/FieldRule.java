package dev.sieve.enforcement.policy;

import java.util.Objects;

/** What happens to one field when the event's purpose has consent, and when it has not. */
public record FieldRule(Action withConsent, Action withoutConsent) {
    /** Keep with and without consent: what applies to a property without a rule. */
    public static final FieldRule KEEP_ALWAYS = new FieldRule(Action.KEEP, Action.KEEP);

    public FieldRule {
        Objects.requireNonNull(withConsent, "withConsent");
        Objects.requireNonNull(withoutConsent, "withoutConsent");
    }

    public Action actionFor(boolean consented) {
        return consented ? withConsent : withoutConsent;
    }
}
