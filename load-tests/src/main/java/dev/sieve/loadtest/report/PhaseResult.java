package dev.sieve.loadtest.report;

import dev.sieve.loadtest.generator.IntervalStats;
import dev.sieve.loadtest.profile.CpuUsage;
import java.util.List;
import java.util.Map;

/**
 * One HTTP phase: a scenario against the service, an open-model rate, or the minimal endpoint.
 *
 * @param model                    {@code closed} or {@code open}
 * @param offeredRequestsPerSecond the open model's rate; 0 for the closed model
 * @param storage                  the table check, null where there is no table (minimal endpoint)
 * @param profile                  null unless the phase was profiled
 * @param acknowledged             requests answered 2xx in the whole phase (warm-up and drain too)
 */
public record PhaseResult(String name, String title, String target, String model, int batchSize, boolean gzip,
                          String mix, int connections, double offeredRequestsPerSecond, double measuredSeconds,
                          long requests, long events, long errors, Map<String, Long> errorKinds, long unanswered,
                          double requestsPerSecond, double eventsPerSecond, LatencySummary latency,
                          List<IntervalStats> intervals, StorageCheck storage, CpuUsage cpu, ProfileSummary profile,
                          long acknowledged) {
}
