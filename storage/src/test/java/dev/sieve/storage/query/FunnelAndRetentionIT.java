package dev.sieve.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Funnels and retention cohorts over known stored events, with exact numbers and suppression. */
class FunnelAndRetentionIT {
    /** Funnel day: 10 days ago, 08:00 UTC. */
    static final Instant F = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10)).plus(Duration.ofHours(8));
    /** Retention: the Monday (UTC) 10 weeks ago. */
    static final Instant M = LocalDate.now(ZoneOffset.UTC).minusWeeks(10).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final AnalystScope ALL = AnalystScope.unrestricted("0123456789ab");
    private static Vertx vertx;
    private static AnalystQueries queries;

    @BeforeAll
    static void start() {
        String uri = TestPostgres.freshDatabase();
        vertx = Vertx.vertx();
        Pool pool = TestPostgres.pool(vertx, uri, 2);
        queries = new AnalystQueries(pool, QuerySettings.DEFAULTS);
        StoredRows rows = new StoredRows(uri);
        funnelEvents(rows);
        retentionEvents(rows);
        rows.write();
    }

    private static void funnelEvents(StoredRows rows) {
        for (int u = 10; u < 20; u++) { // complete, within 20 minutes
            at(rows, u, 0, "signup");
            at(rows, u, 10, "activate");
            at(rows, u, 20, "purchase");
        }
        for (int u = 20; u < 25; u++) { // purchase 2 hours after signup
            at(rows, u, 0, "signup");
            at(rows, u, 10, "activate");
            at(rows, u, 120, "purchase");
        }
        for (int u = 25; u < 28; u++) { // purchase before activate: the order breaks at step 3
            at(rows, u, 0, "signup");
            at(rows, u, 5, "purchase");
            at(rows, u, 10, "activate");
        }
        at(rows, 28, 0, "activate"); // no signup: not in the funnel
        for (int u = 29; u < 32; u++) { // signs up twice
            at(rows, u, 0, "signup");
            at(rows, u, 1, "signup");
        }
        // Sent in one batch: the same event time, so the event id decides the order.
        for (int u = 40; u < 46; u++) {
            Instant t = F.plus(Duration.ofMinutes(30));
            rows.add(new UUID(0, u * 2L), t, t, "signup", "analytics", "f" + u, null, "{}", null);
            rows.add(new UUID(0, u * 2L + 1), t, t, "activate", "analytics", "f" + u, null, "{}", null);
        }
    }

    private static void at(StoredRows rows, int user, int minutes, String type) {
        Instant t = F.plus(Duration.ofMinutes(minutes));
        // Received a second later than it happened, as a client would send it.
        rows.add(UUID.randomUUID(), t.plusSeconds(1), t, type, "analytics", "f" + user, null, "{}", null);
    }

    private static void retentionEvents(StoredRows rows) {
        for (int u = 1; u <= 8; u++) {
            active(rows, u, 0);
        }
        for (int u = 1; u <= 6; u++) {
            active(rows, u, 1);
        }
        active(rows, 1, 2);
        active(rows, 2, 2);
        for (int u = 9; u <= 13; u++) {
            active(rows, u, 1);
            active(rows, u, 2);
        }
        for (int u = 14; u <= 16; u++) {
            active(rows, u, 2);
        }
    }

    private static void active(StoredRows rows, int user, int week) {
        Instant t = M.plus(Duration.ofDays(7L * week + user % 7)).plus(Duration.ofHours(12));
        rows.add(t, "session", "analytics", "r" + user, null, "{}");
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    private static FunnelResult funnel(Duration window, String... steps) {
        EventFilter day = EventFilter.of(new TimeRange(F.minus(Duration.ofHours(1)), F.plus(Duration.ofHours(5))));
        return Await.result(queries.funnel(new FunnelQuery(day, Arrays.asList(steps), window), ALL));
    }

    @Test
    void aFunnelCountsUsersWhoDidTheStepsInOrderWithinTheWindow() {
        FunnelResult r = funnel(Duration.ofHours(1), "signup", "activate", "purchase");
        // signup: 10 + 5 + 3 + 3 + 6 (batch); activate: 10 + 5 + 3 + 6; purchase: 10
        assertThat(r.steps()).extracting(FunnelStep::step, FunnelStep::type, FunnelStep::users).containsExactly(
                tuple(1, "signup", 27L), tuple(2, "activate", 24L), tuple(3, "purchase", 10L));
        assertThat(r.suppressedGroups()).isZero();

        FunnelResult wider = funnel(Duration.ofHours(3), "signup", "activate", "purchase");
        assertThat(wider.steps()).extracting(FunnelStep::users).containsExactly(27L, 24L, 15L);
    }

    @Test
    void aRepeatedStepNeedsASecondEventAndSmallStepsAreSuppressed() {
        FunnelResult r = funnel(Duration.ofHours(1), "signup", "signup");
        assertThat(r.steps()).extracting(FunnelStep::users).containsExactly(27L, null); // 3 users signed up twice
        assertThat(r.suppressedGroups()).isEqualTo(1);

        FunnelResult none = funnel(Duration.ofHours(1), "purchase", "signup");
        assertThat(none.steps()).extracting(FunnelStep::users).containsExactly(18L, 0L);
        assertThat(none.suppressedGroups()).isZero();
    }

    @Test
    void retentionCohortsByFirstWeekWithSmallCellsSuppressed() {
        EventFilter weeks = new EventFilter(new TimeRange(M, M.plus(Duration.ofDays(28))), List.of(), Set.of(), Map.of());
        RetentionResult r = Await.result(queries.retention(new RetentionQuery(weeks, 3), ALL));
        assertThat(r.cohorts()).extracting(Cohort::week, Cohort::users, Cohort::active).containsExactly(
                tuple(M, 8L, Arrays.asList(6L, null, 0L)),
                tuple(M.plus(Duration.ofDays(7)), 5L, Arrays.asList(5L, 0L)));
        assertThat(r.suppressedGroups()).isEqualTo(2); // week 2 of the first cohort, the 3-user cohort
        assertThat(r.minGroupUsers()).isEqualTo(5);
    }
}
