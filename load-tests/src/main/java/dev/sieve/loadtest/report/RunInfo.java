package dev.sieve.loadtest.report;

import java.util.List;
import java.util.Map;

/** The conditions of a run, so its figures can be read and compared. */
public record RunInfo(String mode, String startedAt, double durationSeconds, String gitCommit, boolean gitDirty,
                      int cores, String javaVersion, String os, double[] loadBefore, double[] loadAfter,
                      List<String> serviceJvmArgs, Map<String, String> serviceEnv, Map<String, String> postgres,
                      int users, int clientLoops, String command) {
}
