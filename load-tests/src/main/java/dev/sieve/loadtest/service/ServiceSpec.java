package dev.sieve.loadtest.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start the service under test: a JVM on {@code classpath} running {@code dev.sieve.ingest.Main}
 * in zero-config mode (embedded, durable PostgreSQL under {@code dataDir}).
 *
 * @param extraEnv more SIEVE_* settings, e.g. a larger body limit
 */
public record ServiceSpec(String classpath, List<String> jvmArgs, Path dataDir, String writerKey, String consentKey,
                          Map<String, String> extraEnv) {
    public static final String MAIN = "dev.sieve.ingest.Main";

    public ServiceSpec {
        jvmArgs = List.copyOf(jvmArgs);
        extraEnv = Map.copyOf(extraEnv);
    }

    public Path pgData() {
        return dataDir.toAbsolutePath().resolve("pg");
    }
}
