package dev.sieve.ingest.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;

/**
 * Publishes {@code vertx_http_server_response_time_seconds} (from a request's first byte to its
 * answer's last, per method, route and status) as a Prometheus histogram instead of a bare summary,
 * so a p99 can be computed from the service's own side, e.g. with {@code histogram_quantile}: a
 * client's tail beyond it was spent outside the service (network, the client, the machine's
 * scheduler). Buckets run from 1 ms to 10 s (Micrometer's exponential series, about 60 of them).
 */
public final class ResponseTimeHistogram {
    static final String NAME = "vertx.http.server.response.time";

    private ResponseTimeHistogram() {
    }

    public static MeterFilter publish() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!NAME.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
                        .build()
                        .merge(config);
            }
        };
    }
}
