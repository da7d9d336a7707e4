package dev.sieve.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BrokenVertxGaugesTest {
    @Test
    void theGaugesRegisteredOncePerConnectionAreLeftOutAndEverythingElseIsKept() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(BrokenVertxGauges.deny());
        AtomicInteger first = new AtomicInteger(1);
        AtomicInteger second = new AtomicInteger(1);

        for (String name : BrokenVertxGauges.NAMES) {
            Gauge.builder(name, first, AtomicInteger::get).register(registry);
            Gauge.builder(name, second, AtomicInteger::get).register(registry);
        }
        Gauge.builder("vertx.pool.in.use", first, AtomicInteger::get).register(registry);
        Counter.builder("vertx.http.server.active.requests").register(registry).increment();

        for (String name : BrokenVertxGauges.NAMES) {
            assertThat(registry.find(name).gauge()).as(name).isNull();
        }
        assertThat(registry.find("vertx.pool.in.use").gauge()).isNotNull();
        assertThat(registry.find("vertx.http.server.active.requests").counter()).as("only gauges are left out")
                .isNotNull();
    }
}
