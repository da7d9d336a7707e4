package dev.sieve.storage.query;

/**
 * One step of a funnel answer.
 *
 * @param users the distinct users who reached this step, or null when 1 to k - 1 did
 */
public record FunnelStep(int step, String type, Long users) {
}
