package dev.sieve.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Counts per bucket and top-N values over known stored events, with exact numbers: suppression of
 * groups below k, filters, purpose scopes, and the same answers from rollups as from the events,
 * also after an erasure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalystQueriesIT {
    /** Midnight UTC, 20 days ago: old enough for rollups, inside the range limits. */
    static final Instant D = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(20));
    private static final AnalystScope ALL = AnalystScope.unrestricted("0123456789ab");
    private static Vertx vertx;
    private static Pool pool;
    private static String uri;
    private static AnalystQueries queries;

    @BeforeAll
    static void start() {
        uri = TestPostgres.freshDatabase();
        vertx = Vertx.vertx();
        pool = TestPostgres.pool(vertx, uri, 4);
        queries = new AnalystQueries(pool, QuerySettings.DEFAULTS);
        StoredRows rows = new StoredRows(uri);
        for (int u = 1; u <= 6; u++) { // hour 10: 6 users x 2 page views of /pricing
            for (int i = 0; i < 2; i++) {
                rows.add(D.plus(Duration.ofMinutes(600 + u * 5 + i)), "page_view", "analytics", "u" + u, "a-u" + u,
                        "{\"path\": \"/pricing\", \"plan\": {\"tier\": \"pro\"}}");
            }
        }
        for (int u = 1; u <= 3; u++) { // hour 11: 3 users, a group below k = 5
            rows.add(D.plus(Duration.ofMinutes(660 + u)), "page_view", "analytics", "u" + u, null, "{\"path\": \"/blog\"}");
        }
        for (int u = 1; u <= 5; u++) { // hour 12: 5 users and 2 anonymous visitors click
            rows.add(D.plus(Duration.ofMinutes(720 + u)), "click", "analytics", "u" + u, "a-u" + u, "{\"path\": \"/docs\"}");
        }
        rows.add(D.plus(Duration.ofMinutes(730)), "click", "analytics", null, "a1", "{\"path\": \"/docs\"}");
        rows.add(D.plus(Duration.ofMinutes(731)), "click", "analytics", null, "a2", "{\"path\": \"/docs\"}");
        for (int u = 1; u <= 10; u++) { // day 2, hour 9: 10 purchases (marketing)
            rows.add(D.plus(Duration.ofHours(33)).plusSeconds(u), "purchase", "marketing", "u" + u, null,
                    "{\"path\": \"/checkout\"}");
        }
        for (int u = 1; u <= 4; u++) { // day 3: 4 users hit an error (diagnostics): below k
            rows.add(D.plus(Duration.ofHours(50)).plusSeconds(u), "error", "diagnostics", "u" + u, null,
                    "{\"code\": \"E1\"}");
        }
        rows.write();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    static EventFilter range(int days) {
        return EventFilter.of(new TimeRange(D, D.plus(Duration.ofDays(days))));
    }

    private static CountsResult counts(EventFilter filter, Grain grain, AnalystScope scope) {
        return Await.result(queries.counts(new CountsQuery(filter, grain), scope));
    }

    private static List<Object[]> rowsOf(CountsResult r) {
        return r.buckets().stream().map(b -> new Object[] {b.bucket(), b.events(), b.users()}).toList();
    }

    @Test
    @Order(1)
    void hourlyCountsShowOnlyGroupsOfAtLeastKUsersAndCountTheOthers() {
        CountsResult r = counts(range(3), Grain.HOUR, ALL);
        assertThat(r.buckets()).extracting(BucketCount::bucket, BucketCount::events, BucketCount::users).containsExactly(
                tuple(D.plus(Duration.ofHours(10)), 12L, 6L),
                tuple(D.plus(Duration.ofHours(12)), 7L, 7L),
                tuple(D.plus(Duration.ofHours(33)), 10L, 10L));
        assertThat(r.suppressedGroups()).isEqualTo(2); // hour 11 (3 users), day 3 hour 2 (4 users)
        assertThat(r.minGroupUsers()).isEqualTo(5);
        assertThat(r.rollupBuckets()).isZero();
    }

    @Test
    @Order(2)
    void dailyCountsCountEachUserOnceADayAndAnonymousVisitorsByTheirKey() {
        CountsResult r = counts(range(3), Grain.DAY, ALL);
        assertThat(r.buckets()).extracting(BucketCount::bucket, BucketCount::events, BucketCount::users).containsExactly(
                tuple(D, 22L, 8L), tuple(D.plus(Duration.ofDays(1)), 10L, 10L));
        assertThat(r.suppressedGroups()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void filtersByTypePurposeAndProperty() {
        EventFilter clicks = new EventFilter(range(3).range(), List.of("click"), Set.of(), Map.of());
        assertThat(rowsOf(counts(clicks, Grain.HOUR, ALL))).containsExactly(new Object[] {D.plus(Duration.ofHours(12)), 7L, 7L});
        EventFilter marketing = new EventFilter(range(3).range(), List.of(), Set.of(Purpose.MARKETING), Map.of());
        assertThat(rowsOf(counts(marketing, Grain.DAY, ALL))).containsExactly(new Object[] {D.plus(Duration.ofDays(1)), 10L, 10L});
        EventFilter pricing = new EventFilter(range(3).range(), List.of(), Set.of(),
                Map.of(PropertyPath.parse("plan.tier"), "pro"));
        CountsResult nested = counts(pricing, Grain.DAY, ALL);
        assertThat(rowsOf(nested)).containsExactly(new Object[] {D, 12L, 6L});
        assertThat(nested.suppressedGroups()).isZero();
    }

    @Test
    @Order(4)
    void theKeysScopeLimitsPurposesAndSetsK() {
        AnalystScope analyticsOnly = new AnalystScope("0123456789ab", EnumSet.of(Purpose.ANALYTICS), 3);
        CountsResult r = counts(range(3), Grain.HOUR, analyticsOnly);
        assertThat(rowsOf(r)).containsExactly(new Object[] {D.plus(Duration.ofHours(10)), 12L, 6L},
                new Object[] {D.plus(Duration.ofHours(11)), 3L, 3L}, new Object[] {D.plus(Duration.ofHours(12)), 7L, 7L});
        assertThat(r.suppressedGroups()).isZero();
        assertThat(r.minGroupUsers()).isEqualTo(3);

        EventFilter marketing = new EventFilter(range(3).range(), List.of(), Set.of(Purpose.MARKETING), Map.of());
        Throwable denied = Await.failure(queries.counts(new CountsQuery(marketing, Grain.DAY), analyticsOnly));
        assertThat(SieveException.codeOf(denied)).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    @Order(5)
    void topValuesAreRankedByEventsAndSmallGroupsAreNeverShown() {
        TopResult paths = Await.result(queries.top(new TopQuery(range(3), Dimension.property(PropertyPath.parse("path")), 10), ALL));
        assertThat(paths.values()).extracting(ValueCount::value, ValueCount::events, ValueCount::users).containsExactly(
                tuple("/pricing", 12L, 6L), tuple("/checkout", 10L, 10L), tuple("/docs", 7L, 7L));
        assertThat(paths.suppressedGroups()).isEqualTo(1); // /blog, 3 users

        TopResult two = Await.result(queries.top(new TopQuery(range(3), Dimension.property(PropertyPath.parse("path")), 2), ALL));
        assertThat(two.values()).extracting(ValueCount::value).containsExactly("/pricing", "/checkout");
        assertThat(two.suppressedGroups()).isEqualTo(1);

        TopResult types = Await.result(queries.top(new TopQuery(range(3), Dimension.field("type"), 10), ALL));
        assertThat(types.values()).extracting(ValueCount::value, ValueCount::events, ValueCount::users).containsExactly(
                tuple("page_view", 15L, 6L), tuple("purchase", 10L, 10L), tuple("click", 7L, 7L));
        assertThat(types.suppressedGroups()).isEqualTo(1); // error, 4 users
        assertThat(types.dimension().describe()).isEqualTo("field:type");
    }

    @Test
    @Order(6)
    void rollupsGiveTheSameNumbersAndAnErasureIsReflectedAtOnce() {
        CountsResult rawHours = counts(range(3), Grain.HOUR, ALL);
        CountsResult rawDays = counts(range(3), Grain.DAY, ALL);
        EventFilter clicks = new EventFilter(range(3).range(), List.of("click"), Set.of(), Map.of());
        CountsResult rawClicks = counts(clicks, Grain.HOUR, ALL);

        int computed = Await.result(new EventRollups(pool, java.time.Clock.systemUTC(), Duration.ZERO, 500).refreshAll());
        assertThat(computed).isGreaterThan(72);

        CountsResult hours = counts(range(3), Grain.HOUR, ALL);
        assertThat(hours.rollupBuckets()).isEqualTo(72);
        assertThat(rowsOf(hours)).containsExactlyElementsOf(rowsOf(rawHours));
        assertThat(hours.suppressedGroups()).isEqualTo(rawHours.suppressedGroups());
        CountsResult days = counts(range(3), Grain.DAY, ALL);
        assertThat(days.rollupBuckets()).isEqualTo(3);
        assertThat(rowsOf(days)).containsExactlyElementsOf(rowsOf(rawDays));
        assertThat(days.suppressedGroups()).isEqualTo(1);
        assertThat(rowsOf(counts(clicks, Grain.HOUR, ALL))).containsExactlyElementsOf(rowsOf(rawClicks));

        // A range starting mid-hour: whole hours from rollups, the partial first hour from events.
        EventFilter partial = EventFilter.of(new TimeRange(D.plus(Duration.ofMinutes(620)), D.plus(Duration.ofDays(3))));
        CountsResult mixed = counts(partial, Grain.HOUR, ALL);
        assertThat(mixed.rollupBuckets()).isEqualTo(61);
        assertThat(rowsOf(mixed)).containsExactly(new Object[] {D.plus(Duration.ofHours(12)), 7L, 7L},
                new Object[] {D.plus(Duration.ofHours(33)), 10L, 10L});
        assertThat(mixed.suppressedGroups()).isEqualTo(3); // the rest of hour 10 has 3 users now

        Sql.execute(uri, "DELETE FROM events WHERE user_key = 'u1'"); // erasure of one user
        CountsResult after = counts(range(3), Grain.DAY, ALL);
        assertThat(rowsOf(after)).containsExactly(new Object[] {D, 18L, 7L}, new Object[] {D.plus(Duration.ofDays(1)), 9L, 9L});
        assertThat(after.rollupBuckets()).isZero(); // u1 had events on each of the 3 days
        Await.result(new EventRollups(pool, java.time.Clock.systemUTC(), Duration.ZERO, 500).refreshAll());
        CountsResult refreshed = counts(range(3), Grain.DAY, ALL);
        assertThat(refreshed.rollupBuckets()).isEqualTo(3);
        assertThat(rowsOf(refreshed)).containsExactlyElementsOf(rowsOf(after));
    }
}
