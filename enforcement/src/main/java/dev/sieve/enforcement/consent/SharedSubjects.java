package dev.sieve.enforcement.consent;

import java.util.Set;

/**
 * Subject ids that SDKs give to many visitors at once: Snowplow events without any id (Sieve
 * files them under {@code $anonymous}) and posthog-js's cookieless mode ({@code $posthog_cookieless}).
 * They name no one, so nobody can consent for them: the registry refuses to record a choice for
 * them and their events are always enforced as without consent.
 */
public final class SharedSubjects {
    private static final Set<String> SHARED = Set.of("$anonymous", "$posthog_cookieless");

    private SharedSubjects() {
    }

    public static boolean isShared(String subjectId) {
        return subjectId != null && SHARED.contains(subjectId);
    }

    /** The message for a refused change; it names the rule, never the id. */
    public static final String REFUSAL = "this id is shared by many visitors (e.g. $anonymous, $posthog_cookieless);"
            + " consent cannot be recorded for it";
}
