package dev.sieve.storage.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Retention drops the daily partitions a rule for every event has expired and keeps the others,
 * deletes what shorter rules expired inside the partitions it keeps, purges closed accounts once
 * their time has come, and a second run finds nothing more to do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionIT {
    private static final int[] DAYS = {100, 95, 40, 10, 0};
    private static RightsTestbed bed;
    private static Rights rights;
    private static final List<String> OTHERS = new ArrayList<>();

    @BeforeAll
    static void start() {
        bed = new RightsTestbed();
        bed.activatePolicy(dev.sieve.enforcement.policy.PolicyJson.toText(
                dev.sieve.enforcement.policy.DefaultPolicy.create()));
        // One heap block per sweep step: the sweeps take many small steps.
        rights = bed.rights(RightsSettings.DEFAULTS.withBatchRows(50).withSweepBlocks(1), true);
        bed.awaitIdle(); // the run scheduled at start, before any rule exists
        for (int day : DAYS) {
            bed.createPartition(day);
        }
        OTHERS.add(bed.keysOf("lena").get(0));
        List<EnforcedEvent> events = new ArrayList<>();
        for (int day : DAYS) {
            for (int i = 0; i < 60; i++) {
                events.add(RightsTestbed.event(OTHERS.get(0), Purpose.DIAGNOSTICS, "crash", at(day), true, 1, 1));
                events.add(RightsTestbed.event(OTHERS.get(0), Purpose.ANALYTICS, "page_view", at(day), true, 1, 1));
            }
            for (String key : bed.keysOf("mike")) { // the closed account
                events.add(RightsTestbed.event(key, Purpose.ANALYTICS, "page_view", at(day), true, 1, 1));
                events.add(RightsTestbed.event(key, Purpose.SECURITY, "login", at(day), true, 1, 1));
            }
        }
        bed.store(events);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    private static Instant at(int daysAgo) {
        return RightsTestbed.daysAgo(daysAgo).truncatedTo(java.time.temporal.ChronoUnit.DAYS).plusSeconds(3600);
    }

    private static Set<String> partitions() {
        return Sql.rows(bed.uri, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'events'::regclass").stream()
                .map(r -> (String) r.get("relname")).collect(Collectors.toSet());
    }

    private static long rows(int daysAgo, String type) {
        return bed.count("SELECT count(*) FROM events WHERE received_at >= ? AND received_at < ? AND event_type = ?",
                java.sql.Timestamp.from(at(daysAgo).minusSeconds(3600)),
                java.sql.Timestamp.from(at(daysAgo).minusSeconds(3600).plus(Duration.ofDays(1))), type);
    }

    private static RightsJob runRetention(String key) {
        Enqueued enqueued = Await.result(rights.retentionSchedule().enqueue(Instant.now(), key));
        return bed.awaitDone(rights, enqueued.job().id(), Duration.ofMinutes(2));
    }

    @Test
    @Order(1)
    void expiredPartitionsAreDroppedShorterRulesSweptAndClosedAccountsPurged() {
        Await.result(rights.retentionRules().replace(List.of(
                new RetentionRule("everything", null, null, 90, null),
                new RetentionRule("crash-reports", null, "crash", 30, null),
                new RetentionRule("account-analytics", Purpose.ANALYTICS, null, null, 7)), "privacy-admin:test",
                "retention per the privacy notice"));
        Enqueued closed = Await.result(rights.requests().closeAccount("mike", RightsTestbed.daysAgo(8),
                "consent:test", "account closed", null));
        bed.awaitDone(rights, closed.job().id(), Duration.ofMinutes(1));

        RightsJob job = runRetention("test-run-1");

        assertThat(job.state()).isEqualTo(JobState.DONE);
        assertThat(partitions()).doesNotContain(RightsTestbed.partition(100), RightsTestbed.partition(95))
                .contains(RightsTestbed.partition(40), RightsTestbed.partition(10), RightsTestbed.partition(0));
        assertThat(job.result().get("partitionsDropped")).hasSize(2);
        assertThat(job.result().get("rowsInDroppedPartitions").asLong()).isEqualTo(2 * (120 + 4));
        assertThat(rows(40, "crash")).isZero();
        assertThat(rows(40, "page_view")).isEqualTo(60); // lena's; mike's analytics purged
        assertThat(rows(10, "crash")).isEqualTo(60);
        assertThat(rows(0, "crash")).isEqualTo(60);
        assertThat(bed.count("SELECT count(*) FROM events WHERE user_key = ANY(?) AND purpose = 'analytics'",
                (Object) bed.keysOf("mike").toArray(String[]::new))).isZero();
        assertThat(bed.count("SELECT count(*) FROM events WHERE user_key = ANY(?) AND purpose = 'security'",
                (Object) bed.keysOf("mike").toArray(String[]::new))).isEqualTo(3 * 2);
        assertThat(job.result().get("rowsDeletedByRule").get("crash-reports").asLong()).isEqualTo(60);
        assertThat(job.result().get("closureRowsDeleted").asLong()).isEqualTo(3 * 2);
        assertThat(bed.count("SELECT count(*) FROM rights_retention_sweeps WHERE partition = ?",
                RightsTestbed.partition(40))).isEqualTo(1);
        assertThat(bed.rows("SELECT rule, rows_changed FROM rights_receipts WHERE job_id = ? ORDER BY rule", job.id())
                .stream().map(r -> r.get("rule") + "=" + r.get("rows_changed")).toList())
                .containsExactly("account-analytics=6", "crash-reports=60", "everything=248");
        assertThat(bed.count("SELECT count(*) FROM audit_log WHERE action = 'rights.retention' AND subject = ?",
                "job:" + job.id())).isEqualTo(1);
        assertThat(bed.count("SELECT count(*) FROM audit_log WHERE action = 'retention.update'")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aSecondRunFindsNothingMoreToDo() {
        RightsJob job = runRetention("test-run-2");

        assertThat(job.result().get("partitionsDropped")).isEmpty();
        assertThat(job.result().get("rowsDeletedByRule").get("crash-reports").asLong()).isZero();
        assertThat(job.result().get("closureRowsDeleted").asLong()).isZero();
        assertThat(rows(10, "crash")).isEqualTo(60);
        assertThat(Await.result(rights.jobs().receipts(job.id()))).isEmpty();
    }

    @Test
    @Order(3)
    void rulesThatConflictAreRefusedAndChangeNothing() {
        Throwable failure = Await.failure(rights.retentionRules().replace(List.of(
                new RetentionRule("a", null, "crash", 30, null), new RetentionRule("b", null, "crash", 60, null)),
                "privacy-admin:test", "oops"));

        assertThat(failure).hasMessageContaining("scope");
        assertThat(Await.result(rights.retentionRules().list())).hasSize(3);
    }
}
