package dev.sieve.loadtest.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.loadtest.limits.MinimalEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinimalEndpointCommandTest {

    @Test
    void theMinimalEndpointRunsWithTheServicesJvmOptions() {
        SuitePlan plan = SuitePlan.full();

        List<String> command = LimitsRunner.minimalEndpointCommand("java", plan.serviceJvmArgs(), "cp.jar", 18099);

        assertThat(plan.serviceJvmArgs()).contains("-XX:+UseParallelGC");
        assertThat(command.subList(1, 1 + plan.serviceJvmArgs().size())).isEqualTo(plan.serviceJvmArgs());
        assertThat(command).startsWith("java").containsSequence("-cp", "cp.jar", MinimalEndpoint.class.getName(), "18099");
    }

    @Test
    void optionsGivenForTheServiceGoToTheMinimalEndpointToo() {
        List<String> command = LimitsRunner.minimalEndpointCommand("java", List.of("-Xmx2g", "-XX:+UseSerialGC"),
                "cp.jar", 18099);

        assertThat(command.subList(0, 4)).containsExactly("java", "-Xmx2g", "-XX:+UseSerialGC", "-cp");
    }
}
