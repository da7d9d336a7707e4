package dev.sieve.enforcement;

import java.util.Locale;

/** Why enforcement dropped a whole event. Used as a metric label and in ingest answers. */
public enum DropReason {
    /** The purpose drops events without consent, and the user has not consented. */
    NO_CONSENT_FOR_PURPOSE,
    /** The privacy team switched the whole purpose off ({@code switches.dropPurposes}). */
    PURPOSE_SWITCHED_OFF,
    /** The user's data was erased; their events are dropped for the quarantine period. */
    ERASED_USER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
