package dev.sieve.loadtest.profile;

/**
 * Cores used on average during a phase (1.0 = one core busy all the time).
 *
 * @param other   the machine's busy time not explained by the three: anything else running
 * @param machine every process of the machine
 * @param generatorWait how long the generator's threads waited for a CPU (likewise the service's
 *                      and PostgreSQL's)
 */
public record CpuUsage(double seconds, double generator, double service, double postgres, double other,
                       double machine, RunQueueWait generatorWait, RunQueueWait serviceWait,
                       RunQueueWait postgresWait) {
}
