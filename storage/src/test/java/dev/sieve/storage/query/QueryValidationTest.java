package dev.sieve.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad query is a 400 that names the rule, before any SQL exists. */
class QueryValidationTest {
    static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    private static void rejected(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(SieveException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST)).hasMessageContaining(message);
    }

    @Test
    void timeRangesAreParsedAndBounded() {
        assertThat(TimeRange.parse("2026-11-01", "2026-11-02T12:30:00Z"))
                .isEqualTo(new TimeRange(T, Instant.parse("2026-11-02T12:30:00Z")));
        assertThat(TimeRange.parse("2026-11-01T01:00:00+01:00", "2026-11-02").from()).isEqualTo(T);
        rejected(() -> TimeRange.parse("yesterday", "2026-11-02"), "'from' must be a date");
        rejected(() -> TimeRange.parse("2026-11-01", null), "'to' is required");
        rejected(() -> TimeRange.parse("2026-11-02", "2026-11-01"), "'from' must be before 'to'");
        rejected(() -> TimeRange.parse("2026-11-01", "2026-11-01"), "'from' must be before 'to'");
        rejected(() -> TimeRange.parse("2024-01-01", "2026-11-01"), "at most 366 days");
        rejected(() -> TimeRange.parse("1970-01-01", "1970-01-02"), "between 2000-01-01 and 2200-01-01");
    }

    @Test
    void eachBucketGrainBoundsItsRange() {
        EventFilter eightDays = EventFilter.of(new TimeRange(T, T.plus(Duration.ofDays(8))));
        rejected(() -> new CountsQuery(eightDays, Grain.MINUTE), "bucket=minute may cover at most 7 days");
        assertThat(new CountsQuery(eightDays, Grain.HOUR).grain()).isEqualTo(Grain.HOUR);
        EventFilter hundredDays = EventFilter.of(new TimeRange(T, T.plus(Duration.ofDays(100))));
        rejected(() -> new CountsQuery(hundredDays, Grain.HOUR), "bucket=hour may cover at most 92 days");
        rejected(() -> Grain.fromWire("week"), "'bucket' must be one of minute, hour, day");
        assertThat(Grain.HOUR.ceil(Instant.parse("2026-11-01T10:20:00Z"))).isEqualTo(Instant.parse("2026-11-01T11:00:00Z"));
        assertThat(Grain.DAY.ceil(T)).isEqualTo(T);
    }

    @ParameterizedTest
    @ValueSource(strings = {"path'; DROP TABLE events; --", "a b", "a..b", ".a", "a.", "", "x\"y", "a->>b",
        "properties", "a.b.c.d.e", "päth", "a;b", "a)--", "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void propertyNamesOutsideThePatternAreRejected(String name) {
        if ("properties".equals(name)) {
            assertThat(PropertyPath.parse(name).segments()).containsExactly("properties"); // just a name
            return;
        }
        assertThatThrownBy(() -> PropertyPath.parse(name)).isInstanceOf(SieveException.class)
                .hasMessageNotContaining(name.isEmpty() ? "\u0000" : name);
    }

    @Test
    void propertyNamesNestWithDots() {
        assertThat(PropertyPath.parse("campaign.source").asArray()).containsExactly("campaign", "source");
        assertThat(PropertyPath.parse("$ref-1_x").dotted()).isEqualTo("$ref-1_x");
    }

    @Test
    void filtersCheckTypesPurposesAndValues() {
        TimeRange r = new TimeRange(T, T.plus(Duration.ofDays(1)));
        rejected(() -> new EventFilter(r, List.of("page_view' OR '1'='1"), Set.of(), Map.of()), "an event type has");
        rejected(() -> new EventFilter(r, List.of("a", "a"), Set.of(), Map.of()), "repeated");
        rejected(() -> EventFilter.purpose("ads"), "'purpose' must be one of");
        rejected(() -> new EventFilter(r, List.of(), Set.of(), Map.of(PropertyPath.parse("p"), "a\u0000b")), "without NUL");
        rejected(() -> new EventFilter(r, List.of(), Set.of(), Map.of(PropertyPath.parse("p"), "\ud800")), "valid text");
        rejected(() -> new EventFilter(r, List.of(), Set.of(), Map.of(PropertyPath.parse("p"), "x".repeat(501))), "at most 500");
        assertThat(new EventFilter(r, List.of("page_view OR true"), Set.of(), Map.of(PropertyPath.parse("p"),
                "'; DROP TABLE events; --")).types()).containsExactly("page_view OR true"); // just data
    }

    @Test
    void topFunnelRetentionAndExportBounds() {
        EventFilter f = EventFilter.of(new TimeRange(T, T.plus(Duration.ofDays(1))));
        rejected(() -> new TopQuery(f, Dimension.field("browserFamily"), 1001), "'limit' must be from 1 to 1000");
        rejected(() -> Dimension.field("user_key"), "unknown field");
        rejected(() -> Dimension.field("ipNetwork"), "unknown field");
        rejected(() -> new FunnelQuery(f, List.of("a"), Duration.ofHours(1)), "'steps' must list 2 to 10");
        rejected(() -> new FunnelQuery(f, List.of("a", "b"), Duration.ofDays(91)), "'window' must be positive");
        rejected(() -> new FunnelQuery(f, List.of("a", "b"), Duration.ZERO), "'window' must be positive");
        rejected(() -> new RetentionQuery(f, 53), "'weeks' must be from 1 to 52");
        rejected(() -> new ExportQuery(f, null, 1_000_001), "'limit' must be from 1 to 1000000");
        rejected(() -> ExportFormat.fromWire("xml"), "'format' must be ndjson or csv");
    }

    @Test
    void exportCursorsRoundTrip() {
        ExportCursor c = new ExportCursor(Instant.parse("2026-11-29T12:00:00.123456Z"),
                UUID.fromString("0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c11"));
        assertThat(c.toString()).isEqualTo("2026-11-29T12:00:00.123456Z,0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c11");
        assertThat(ExportCursor.parse(c.toString())).isEqualTo(c);
        rejected(() -> ExportCursor.parse("2026-11-29T12:00:00Z,1-2-3-4-5"), "'after' must be");
        rejected(() -> ExportCursor.parse("'; DROP TABLE events; --"), "'after' must be");
        rejected(() -> ExportCursor.parse(null), "'after' must be");
    }

    @Test
    void scopesIntersectWithWhatAQueryAsksFor() {
        AnalystScope scope = new AnalystScope("0123456789ab", EnumSet.of(Purpose.ANALYTICS, Purpose.SECURITY), 5);
        assertThat(scope.effectivePurposes(Set.of())).containsExactlyInAnyOrder(Purpose.ANALYTICS, Purpose.SECURITY);
        assertThat(scope.effectivePurposes(Set.of(Purpose.SECURITY))).containsExactly(Purpose.SECURITY);
        assertThatThrownBy(() -> scope.effectivePurposes(Set.of(Purpose.MARKETING)))
                .isInstanceOfSatisfying(SieveException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        ScopeSetting fallback = new ScopeSetting("default", null, 7, T, "t", "r");
        ScopeSetting own = new ScopeSetting("0123456789ab", Set.of(Purpose.DIAGNOSTICS), null, T, "t", "r");
        assertThat(AnalystScopes.resolve("0123456789ab", own, fallback))
                .isEqualTo(new AnalystScope("0123456789ab", Set.of(Purpose.DIAGNOSTICS), 7));
        assertThat(AnalystScopes.resolve("0123456789ab", null, fallback).purposes()).hasSize(4);
    }

    @Test
    void rollupPlansCoverOnlyWholeBucketsAndSimpleFilters() {
        TimeRange r = new TimeRange(Instant.parse("2026-11-01T10:20:00Z"), Instant.parse("2026-11-01T15:00:00Z"));
        Set<Purpose> all = EnumSet.allOf(Purpose.class);
        Optional<RollupPlan> plan = RollupPlan.of(new CountsQuery(EventFilter.of(r), Grain.HOUR), all);
        assertThat(plan).contains(new RollupPlan(Grain.HOUR, "*", "*"));
        assertThat(plan.get().wholeBuckets(r)).isEqualTo(new TimeRange(Instant.parse("2026-11-01T11:00:00Z"), r.to()));
        List<Instant> covered = List.of(Instant.parse("2026-11-01T11:00:00Z"), Instant.parse("2026-11-01T13:00:00Z"));
        assertThat(plan.get().uncovered(r, covered)).containsExactly(
                new TimeRange(r.from(), Instant.parse("2026-11-01T11:00:00Z")),
                new TimeRange(Instant.parse("2026-11-01T12:00:00Z"), Instant.parse("2026-11-01T13:00:00Z")),
                new TimeRange(Instant.parse("2026-11-01T14:00:00Z"), r.to()));
        assertThat(RollupPlan.of(new CountsQuery(EventFilter.of(r), Grain.MINUTE), all)).isEmpty();
        assertThat(RollupPlan.of(new CountsQuery(EventFilter.of(r), Grain.DAY), EnumSet.of(Purpose.ANALYTICS)))
                .contains(new RollupPlan(Grain.DAY, "*", "analytics"));
        assertThat(RollupPlan.of(new CountsQuery(EventFilter.of(r), Grain.DAY), EnumSet.of(Purpose.ANALYTICS,
                Purpose.SECURITY))).isEmpty();
        EventFilter property = new EventFilter(r, List.of(), Set.of(), Map.of(PropertyPath.parse("p"), "v"));
        assertThat(RollupPlan.of(new CountsQuery(property, Grain.DAY), all)).isEmpty();
    }

    @Test
    void scramVerifiersMatchAnIndependentComputation() {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        assertThat(ScramVerifier.of("pencil", salt, 4096)).isEqualTo("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
                + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=");
        assertThat(ScramVerifier.of("pencil")).startsWith("SCRAM-SHA-256$4096:").doesNotContain("pencil");
    }
}
