package dev.sieve.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The measurement behind docs/analysts.md, never run in CI: 10 million synthetic stored events over
 * 30 days (200,000 users), then the main aggregate (events and distinct users per day and per hour
 * over the 30 days) from the events alone and from the rollups. Prints MEASURE lines and writes
 * them to target/analyst-speed.txt. Run:
 * {@code mvn -B -o -pl storage verify -Dit.test=AggregateSpeedIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dsieve.measure=true}
 */
@EnabledIfSystemProperty(named = "sieve.measure", matches = "true")
class AggregateSpeedIT {
    static final long EVENTS = Long.getLong("sieve.measure.events", 10_000_000L);
    static final int USERS = 200_000;
    static final int RUNS = 5;
    private final List<String> report = new ArrayList<>();

    @Test
    void mainAggregateOverTenMillionEvents() throws Exception {
        String uri = TestPostgres.freshDatabase();
        Instant now = Instant.now();
        Instant start = now.minus(Duration.ofDays(30));
        long t0 = System.nanoTime();
        SyntheticEvents.generate(uri, start, Duration.ofDays(30), EVENTS, USERS);
        Sql.execute(uri, "VACUUM ANALYZE events");
        log("generated events=%d in_s=%.1f db_size=%s load=%s", EVENTS, secs(t0),
                Sql.value(uri, "SELECT pg_size_pretty(pg_database_size(current_database()))"), loadAverage());

        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = TestPostgres.pool(vertx, uri, 2);
            AnalystQueries queries = new AnalystQueries(pool, QuerySettings.withTimeout(Duration.ofMinutes(10)));
            AnalystScope all = AnalystScope.unrestricted("0123456789ab");
            Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
            TimeRange aligned = new TimeRange(midnight.minus(Duration.ofDays(29)), midnight);
            TimeRange toNow = new TimeRange(start, now);

            CountsResult rawDays = time("events-only day buckets, 29 whole days", 1,
                    () -> Patiently.result(queries.counts(new CountsQuery(EventFilter.of(aligned), Grain.DAY), all),
                            Duration.ofMinutes(10)));
            time("events-only hour buckets, 29 whole days", 1,
                    () -> Patiently.result(queries.counts(new CountsQuery(EventFilter.of(aligned), Grain.HOUR), all),
                            Duration.ofMinutes(10)));

            long r0 = System.nanoTime();
            int buckets = Patiently.result(new EventRollups(pool, Clock.systemUTC(), EventRollups.DEFAULT_SETTLE, 24)
                    .refreshAll(), Duration.ofHours(1));
            log("rollup refresh buckets=%d in_s=%.1f rollup_rows=%s", buckets, secs(r0),
                    Sql.value(uri, "SELECT count(*) FROM event_rollups"));

            CountsResult days = time("rollups day buckets, 29 whole days", RUNS,
                    () -> Await.result(queries.counts(new CountsQuery(EventFilter.of(aligned), Grain.DAY), all)));
            assertThat(days.buckets()).isEqualTo(rawDays.buckets());
            time("rollups hour buckets, 29 whole days", RUNS,
                    () -> Await.result(queries.counts(new CountsQuery(EventFilter.of(aligned), Grain.HOUR), all)));
            time("rollups+events day buckets, last 30 days to now", RUNS,
                    () -> Patiently.result(queries.counts(new CountsQuery(EventFilter.of(toNow), Grain.DAY), all),
                            Duration.ofMinutes(5)));
            time("rollups+events hour buckets, last 30 days to now", RUNS,
                    () -> Await.result(queries.counts(new CountsQuery(EventFilter.of(toNow), Grain.HOUR), all)));
            EventFilter pageViews = new EventFilter(aligned, List.of("page_view"), Set.of(Purpose.ANALYTICS), Map.of());
            time("rollups day buckets, type=page_view purpose=analytics", RUNS,
                    () -> Await.result(queries.counts(new CountsQuery(pageViews, Grain.DAY), all)));
            EventFilter pricing = new EventFilter(new TimeRange(midnight.minus(Duration.ofDays(7)), midnight), List.of(),
                    Set.of(), Map.of(PropertyPath.parse("locale"), "de-DE"));
            time("events-only day buckets, 7 days, property locale=de-DE", 1,
                    () -> Patiently.result(queries.counts(new CountsQuery(pricing, Grain.DAY), all), Duration.ofMinutes(10)));
            time("top 10 paths, 7 days", 1, () -> Patiently.result(queries.top(new TopQuery(EventFilter.of(
                    pricing.range()), Dimension.property(PropertyPath.parse("path")), 10), all), Duration.ofMinutes(10)));
        } finally {
            Await.result(vertx.close());
            Files.write(Path.of("target", "analyst-speed.txt"), report);
        }
    }

    private <T> T time(String what, int runs, Supplier<T> query) {
        long[] millis = new long[runs];
        T result = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            result = query.get();
            millis[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(millis);
        log("query \"%s\" runs=%d median_ms=%d max_ms=%d load=%s", what, runs, millis[runs / 2], millis[runs - 1],
                loadAverage());
        return result;
    }

    private void log(String format, Object... args) {
        String line = "MEASURE " + String.format(format, args);
        System.out.println(line);
        report.add(line);
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
