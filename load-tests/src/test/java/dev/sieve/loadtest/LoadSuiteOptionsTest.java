package dev.sieve.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.loadtest.suite.SuitePlan;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadSuiteOptionsTest {

    private static SuitePlan plan(String... args) {
        LoadSuite suite = new LoadSuite("test");
        new CommandLine(suite).parseArgs(args);
        return suite.plan();
    }

    @Test
    void withoutOptionsTheServiceGetsTheRecommendedJvmAndTheRaisedBodyLimit() {
        SuitePlan plan = plan();
        assertThat(plan.serviceJvmArgs()).containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC");
        assertThat(plan.serviceEnv()).containsOnlyKeys("SIEVE_LIMITS_BODY_BYTES");
    }

    @Test
    void serviceJvmOptionsReplaceTheDefaultAndServiceSettingsAddToIt() {
        SuitePlan plan = plan("--service-jvm", "-Xms2g -Xmx2g -XX:+UseZGC",
                "--service-env", "SIEVE_WRITER_BATCH_DELAY_MS=1",
                "--service-env", "SIEVE_EMBEDDED_PG_SETTINGS=shared_buffers=128MB,max_wal_size=1GB");
        assertThat(plan.serviceJvmArgs()).containsExactly("-Xms2g", "-Xmx2g", "-XX:+UseZGC");
        assertThat(plan.serviceEnv()).containsEntry("SIEVE_WRITER_BATCH_DELAY_MS", "1")
                .containsEntry("SIEVE_EMBEDDED_PG_SETTINGS", "shared_buffers=128MB,max_wal_size=1GB").hasSize(3);
    }
}
