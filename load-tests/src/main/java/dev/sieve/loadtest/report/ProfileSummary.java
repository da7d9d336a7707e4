package dev.sieve.loadtest.report;

import java.util.List;

/**
 * What a JFR recording of the service says: where its CPU samples fell.
 *
 * @param samples     execution samples of Java threads in the recording
 * @param components  samples by the innermost frame of a known component (JSON decode,
 *                    enforcement, PostgreSQL client, HTTP/Netty, ...), percent of all samples
 * @param topSelf     methods on top of the stack (self time)
 * @param topInclusive methods of Sieve anywhere on the stack (inclusive time)
 * @param topAllocation allocation sites by sampled weight
 * @param gcPauseMs   total GC pause time in the recording
 * @param postgresActivity what PostgreSQL's backends were doing (pg_stat_activity samples), percent
 */
public record ProfileSummary(String file, double seconds, long samples, List<Share> components, List<Share> topSelf,
                             List<Share> topInclusive, List<Share> topAllocation, double gcPauseMs, long gcCount,
                             List<Share> postgresActivity, long postgresSamples) {

    public ProfileSummary withPostgres(List<Share> activity, long activitySamples) {
        return new ProfileSummary(file, seconds, samples, components, topSelf, topInclusive, topAllocation, gcPauseMs,
                gcCount, activity, activitySamples);
    }
}
