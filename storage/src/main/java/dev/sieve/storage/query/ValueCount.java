package dev.sieve.storage.query;

/** One shown value of a top-N answer: the value as text, its events and their distinct users (at least k). */
public record ValueCount(String value, long events, long users) {
}
