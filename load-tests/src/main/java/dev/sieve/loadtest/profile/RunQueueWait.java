package dev.sieve.loadtest.profile;

/**
 * A process's wait for a CPU over a phase.
 *
 * @param threads         threads of the process runnable but not running, on average (1.0 = one
 *                        thread waited all the time)
 * @param microsPerSlice  mean wait before each time slice on a CPU: about what a thread woken by a
 *                        socket or a timer waited before it ran
 * @param slices          time slices the process's threads ran (0: nothing was read)
 */
public record RunQueueWait(double threads, double microsPerSlice, long slices) {
}
