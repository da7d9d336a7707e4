package dev.sieve.loadtest.generator;

/** Which users and purposes a set of synthetic events draws from. */
public enum TemplateMix {
    /**
     * Users who granted every purpose; analytics and diagnostics events. Every event is stored
     * with the "consented" rules, so the rows are the same as the ones the limits write.
     */
    GRANTED,
    /**
     * Users in equal thirds granted, denied and unknown (never asked); a fifth of the events are
     * for marketing, which the default policy drops without consent; a few events withdraw
     * analytics consent on the event itself.
     */
    MIXED_CONSENT
}
