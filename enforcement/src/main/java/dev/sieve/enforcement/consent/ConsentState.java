package dev.sieve.enforcement.consent;

/** A user's recorded choice for one purpose. {@link #UNKNOWN} is treated as denied. */
public enum ConsentState {
    GRANTED,
    DENIED,
    UNKNOWN
}
