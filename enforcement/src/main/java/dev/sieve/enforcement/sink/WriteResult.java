package dev.sieve.enforcement.sink;

/**
 * What a sink did with one write: how many events it stored now and how many it had already
 * stored before (same event id: an idempotent retry).
 */
public record WriteResult(int stored, int duplicates) {
    public static final WriteResult EMPTY = new WriteResult(0, 0);
}
