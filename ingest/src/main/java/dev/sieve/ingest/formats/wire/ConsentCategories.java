package dev.sieve.ingest.formats.wire;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyStore;
import java.util.Locale;
import java.util.Optional;

/**
 * The privacy team's mapping of other tools' consent categories (Segment's
 * {@code categoryPreferences} keys, Snowplow consent scopes) to purposes, as of one request.
 * Without a loaded policy the built-in defaults apply, so a withdrawal is never ignored for want
 * of a mapping (the pipeline stores nothing without a policy anyway).
 */
public final class ConsentCategories {
    private final Policy policy;

    private ConsentCategories(Policy policy) {
        this.policy = policy;
    }

    /** The mapping of the policy active now. */
    public static ConsentCategories current(PolicyStore policies) {
        return new ConsentCategories(policies.active().orElse(null));
    }

    /** The purpose a category stands for (case-insensitive); empty for categories the mapping does not name. */
    public Optional<Purpose> purposeOf(String category) {
        if (policy != null) {
            return policy.purposeOfCategory(category);
        }
        return Optional.ofNullable(Policy.DEFAULT_CONSENT_CATEGORIES.get(category.toLowerCase(Locale.ROOT)));
    }
}
