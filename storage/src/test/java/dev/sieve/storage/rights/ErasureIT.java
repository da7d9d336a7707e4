package dev.sieve.storage.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.sink.WriteResult;
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.pg.WriterObserver;
import dev.sieve.storage.pg.WriterSettings;
import dev.sieve.storage.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An erasure leaves no event under any of the user's pseudonyms (every usable key, every
 * partition), no consent record but a tombstone, no linkable receipt; other users keep theirs;
 * the user's late events are dropped while quarantined.
 */
class ErasureIT {
    private static RightsTestbed bed;
    private static Rights rights;

    @BeforeAll
    static void start() {
        bed = new RightsTestbed();
        bed.activatePolicy(dev.sieve.enforcement.policy.PolicyJson.toText(
                dev.sieve.enforcement.policy.DefaultPolicy.create()));
        rights = bed.rights(RightsSettings.DEFAULTS.withBatchRows(5).withErasureSettle(Duration.ofMillis(200)), true);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    private static List<EnforcedEvent> events(List<String> keys, int perKeyAndDay) {
        List<EnforcedEvent> events = new ArrayList<>();
        for (int day = 0; day <= 3; day++) {
            for (String key : keys) {
                for (int i = 0; i < perKeyAndDay; i++) {
                    events.add(RightsTestbed.event(key, Purpose.ANALYTICS, "page_view", RightsTestbed.daysAgo(day),
                            true, 1, 1));
                }
            }
        }
        return events;
    }

    private static long storedUnder(List<String> keys) {
        return bed.count("SELECT count(*) FROM events WHERE user_key = ANY(?)", (Object) keys.toArray(String[]::new));
    }

    @Test
    void erasureDeletesEveryRowUnderEveryKeyAndTheConsentRecordAndLeavesATombstone() {
        List<String> erin = bed.keysOf("erin");
        List<String> frank = bed.keysOf("frank");
        assertThat(erin).hasSize(2).allMatch(k -> k.startsWith("k2:") || k.startsWith("k1:"));
        bed.store(events(erin, 6));
        bed.store(events(frank, 2));
        Await.result(bed.consents.update("erin", Map.of(Purpose.ANALYTICS, true), "api"));
        Await.result(bed.consents.update("erin", Map.of(Purpose.ANALYTICS, false, Purpose.MARKETING, false), "api"));
        Await.result(bed.consents.update("frank", Map.of(Purpose.ANALYTICS, true), "api"));
        RightsJob withdrawal = Await.result(rights.jobs().list(null, JobKind.WITHDRAWAL, Subjects.hash("erin"), null, 5))
                .get(0);
        bed.awaitDone(rights, withdrawal.id(), Duration.ofMinutes(1));
        long erinRows = storedUnder(erin);
        long frankRows = storedUnder(frank);
        assertThat(erinRows).isEqualTo(48);

        Enqueued request = Await.result(rights.requests().erase("erin", "privacy-admin:test", "ticket 42", null));
        Await.until("quarantine loaded from the notification", Duration.ofSeconds(10),
                () -> rights.quarantine().isQuarantined(erin.get(0)) && rights.quarantine().isQuarantined(erin.get(1)));
        RightsJob job = bed.awaitDone(rights, request.job().id(), Duration.ofMinutes(1));

        assertThat(job.state()).isEqualTo(JobState.DONE);
        assertThat(storedUnder(erin)).isZero();
        assertThat(storedUnder(frank)).isEqualTo(frankRows);
        assertThat(bed.count("SELECT count(*) FROM consent_subjects WHERE subject_id = 'erin'")).isZero();
        assertThat(bed.count("SELECT count(*) FROM consent_state WHERE subject_id = 'erin'")).isZero();
        assertThat(bed.count("SELECT count(*) FROM consent_history WHERE subject_id = 'erin'")).isZero();
        assertThat(bed.count("SELECT count(*) FROM consent_history WHERE subject_id = 'frank'")).isEqualTo(1);
        Map<String, Object> tombstone = bed.rows("SELECT * FROM rights_erasures WHERE job_id = ?", job.id()).get(0);
        assertThat(tombstone.get("subject_hash")).isEqualTo(Subjects.hash("erin"));
        assertThat(tombstone.get("events_deleted")).isEqualTo(erinRows);
        assertThat(tombstone.get("consent_rows_deleted")).isEqualTo(1L + 2 + 3); // subject, 2 states, 3 history rows
        assertThat(tombstone.get("requested_by")).isEqualTo("privacy-admin:test");
        assertThat(bed.count("SELECT count(*) FROM rights_receipts WHERE subject_hash = ? AND user_key IS NOT NULL",
                Subjects.hash("erin"))).isZero();
        assertThat(bed.count("SELECT count(*) FROM rights_receipts WHERE subject_hash = ?", Subjects.hash("erin")))
                .isEqualTo(2); // the withdrawal's, unlinked, and the erasure's
        assertThat(bed.count("SELECT count(*) FROM rights_jobs WHERE subject_hash = ? AND user_keys IS NOT NULL",
                Subjects.hash("erin"))).isZero();
        assertThat(bed.rows("SELECT action FROM audit_log WHERE subject = ? ORDER BY seq",
                "user:" + Subjects.hash("erin")).stream().map(r -> r.get("action")).toList())
                .containsExactly("rights.withdrawal", "rights.erasure.requested", "rights.erasure");
        assertThat(bed.rows("SELECT details::text AS d FROM audit_log").toString()).doesNotContain("erin");
        assertThat(Await.result(bed.audit.verify()).ok()).isTrue();
    }

    @Test
    void aLateEventOfAnErasedUserIsDroppedAndOthersAreStored() {
        List<String> gina = bed.keysOf("gina");
        Enqueued request = Await.result(rights.requests().erase("gina", "privacy-admin:test", "ticket 43", null));
        bed.awaitDone(rights, request.job().id(), Duration.ofMinutes(1));
        Await.until("quarantine loaded", Duration.ofSeconds(10), () -> rights.quarantine().isQuarantined(gina.get(0)));
        AtomicInteger dropped = new AtomicInteger();
        QuarantiningSink sink = new QuarantiningSink(
                new GroupCommitWriter(bed.vertx, bed.pool, WriterSettings.DEFAULTS, WriterObserver.NONE),
                rights.quarantine(), dropped::addAndGet);
        EnforcedEvent late = RightsTestbed.event(gina.get(0), Purpose.ANALYTICS, "page_view",
                RightsTestbed.daysAgo(0), true, 1, 1);
        EnforcedEvent other = RightsTestbed.event(bed.keysOf("hank").get(0), Purpose.ANALYTICS, "page_view",
                RightsTestbed.daysAgo(0), true, 1, 1);

        WriteResult result = Await.result(sink.write(List.of(late, other)));

        assertThat(result.stored()).isEqualTo(1);
        assertThat(dropped.get()).isEqualTo(1);
        assertThat(storedUnder(gina)).isZero();
        assertThat(bed.count("SELECT count(*) FROM events WHERE event_id = ?", other.eventId())).isEqualTo(1);
        assertThat(bed.count("SELECT count(*) FROM rights_quarantine WHERE user_key = ANY(?) AND until > now()"
                + " + interval '29 days'", (Object) gina.toArray(String[]::new))).isEqualTo(2);
    }

    @Test
    void aRepeatedRequestReturnsTheSameJob() {
        Enqueued first = Await.result(rights.requests().erase("ivan", "privacy-admin:test", "ticket 44", "req-1"));
        Enqueued again = Await.result(rights.requests().erase("ivan", "privacy-admin:test", "ticket 44", "req-1"));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.job().id()).isEqualTo(first.job().id());
        assertThat(bed.count("SELECT count(*) FROM rights_jobs WHERE kind = 'erasure' AND subject_hash = ?",
                Subjects.hash("ivan"))).isEqualTo(1);
        assertThat(bed.count("SELECT count(*) FROM rights_jobs WHERE idempotency_key LIKE '%req-1%'")).isZero();
        UUID id = first.job().id();
        assertThat(bed.awaitDone(rights, id, Duration.ofMinutes(1)).state()).isEqualTo(JobState.DONE);
    }
}
