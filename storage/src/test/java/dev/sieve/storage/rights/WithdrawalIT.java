package dev.sieve.storage.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.storage.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A consent withdrawal reaches stored rows: exactly the fields the active policy's without-consent
 * rules take away, only in the user's rows of that purpose, in every partition and under every
 * usable key, within the one-minute bound, with a receipt and an audit entry.
 */
class WithdrawalIT {
    private static final Duration BOUND = Duration.ofMinutes(1);
    private static final String POLICY = """
            {"purposes": {"analytics": {"legalBasis": "consent", "dropEventWithoutConsent": false},
                          "diagnostics": {"legalBasis": "consent", "dropEventWithoutConsent": false},
                          "security": {"legalBasis": "legitimate_interests", "dropEventWithoutConsent": false},
                          "marketing": {"legalBasis": "consent", "dropEventWithoutConsent": true}},
             "fields": {"ip": {"withConsent": "truncate", "withoutConsent": "drop"},
                        "userId": {"withConsent": "pseudonymize", "withoutConsent": "pseudonymize"},
                        "anonymousId": {"withConsent": "pseudonymize", "withoutConsent": "pseudonymize"},
                        "device.id": {"withConsent": "pseudonymize", "withoutConsent": "drop"},
                        "device.model": {"withConsent": "keep", "withoutConsent": "generalize"},
                        "device.manufacturer": {"withConsent": "keep", "withoutConsent": "drop"},
                        "device.os": {"withConsent": "keep", "withoutConsent": "keep"},
                        "device.osVersion": {"withConsent": "keep", "withoutConsent": "generalize"},
                        "userAgent": {"withConsent": "keep", "withoutConsent": "generalize"},
                        "properties": {"withConsent": "keep", "withoutConsent": "keep"}},
             "properties": {"search": {"withConsent": "keep", "withoutConsent": "drop"},
                            "email": {"withConsent": "keep", "withoutConsent": "pseudonymize"}},
             "ipv4Prefix": 24, "ipv6Prefix": 48}""";
    private static RightsTestbed bed;
    private static Rights rights;
    private static long policyVersion;

    @BeforeAll
    static void start() {
        bed = new RightsTestbed();
        policyVersion = bed.activatePolicy(POLICY);
        rights = bed.rights(RightsSettings.DEFAULTS.withBatchRows(7), true);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    private static long grant(String user, Purpose purpose, boolean granted) {
        return Await.result(bed.consents.update(user, Map.of(purpose, granted), "api")).version();
    }

    /** Rows of a user: under both keys, in three partitions, consented at consent version {@code version}. */
    private static List<UUID> store(List<String> keys, Purpose purpose, String type, long version, int perDay) {
        List<dev.sieve.enforcement.EnforcedEvent> events = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            for (int i = 0; i < perDay; i++) {
                events.add(RightsTestbed.event(keys.get(i % keys.size()), purpose, type, RightsTestbed.daysAgo(day),
                        true, policyVersion, version));
            }
        }
        bed.store(events);
        return events.stream().map(dev.sieve.enforcement.EnforcedEvent::eventId).toList();
    }

    private static RightsJob withdrawalJob(String user, Purpose purpose) {
        String hash = Subjects.hash(user);
        Await.until("withdrawal job enqueued", Duration.ofSeconds(5), () ->
                !Await.result(rights.jobs().list(null, JobKind.WITHDRAWAL, hash, null, 10)).isEmpty());
        RightsJob job = Await.result(rights.jobs().list(null, JobKind.WITHDRAWAL, hash, null, 10)).get(0);
        assertThat(job.params().get("purpose").asText()).isEqualTo(purpose.wireName());
        return bed.awaitDone(rights, job.id(), BOUND);
    }

    @Test
    void withdrawingAnalyticsRedactsExactlyTheUsersAnalyticsRowsEverywhereWithinTheBound() {
        List<String> alice = bed.keysOf("alice");
        List<String> bob = bed.keysOf("bob");
        long granted = grant("alice", Purpose.ANALYTICS, true);
        grant("alice", Purpose.DIAGNOSTICS, true);
        List<UUID> aliceAnalytics = store(alice, Purpose.ANALYTICS, "page_view", granted, 10);
        List<UUID> aliceDiagnostics = store(alice, Purpose.DIAGNOSTICS, "error", granted, 2);
        List<UUID> bobAnalytics = store(bob, Purpose.ANALYTICS, "page_view", 1, 3);
        List<UUID> aliceLater = store(alice, Purpose.ANALYTICS, "page_view", 999, 1); // a later grant's rows
        List<Map<String, Object>> untouchedBefore = snapshot(aliceDiagnostics, bobAnalytics, aliceLater);

        long started = System.nanoTime();
        long withdrawn = grant("alice", Purpose.ANALYTICS, false);
        RightsJob job = withdrawalJob("alice", Purpose.ANALYTICS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(job.state()).isEqualTo(JobState.DONE);
        assertThat(took).isLessThan(BOUND);
        System.out.println("withdrawal of " + aliceAnalytics.size() + " rows reached storage in " + took.toMillis() + " ms");
        String email = new Pseudonymizer(RightsTestbed.K2).pseudonymize("property", "someone@example.com");
        for (Map<String, Object> row : rows(aliceAnalytics)) {
            assertThat(row.get("ip_network")).isNull();
            assertThat(row.get("ip_key")).isNull();
            assertThat(row.get("device_key")).isNull();
            assertThat(row.get("device_model")).isNull();
            assertThat(row.get("device_class")).isEqualTo("phone");
            assertThat(row.get("device_manufacturer")).isNull();
            assertThat(row.get("device_os")).isEqualTo("Android");
            assertThat(row.get("device_os_version")).isEqualTo("15");
            assertThat(row.get("user_agent")).isNull();
            assertThat(row.get("browser_family")).isEqualTo("Chrome");
            assertThat(row.get("browser_major")).isEqualTo("120");
            assertThat(row.get("os_family")).isEqualTo("Linux");
            assertThat(row.get("properties").toString()).isEqualTo("{\"path\": \"/pricing\", \"email\": \"" + email + "\"}");
            assertThat(alice).contains((String) row.get("user_key"));
            assertThat(row.get("anonymous_key")).isEqualTo("k2:anon-key");
            assertThat(row.get("consented")).isEqualTo(false);
            assertThat(row.get("policy_version")).isEqualTo(policyVersion);
            assertThat(row.get("consent_version")).isEqualTo(withdrawn);
        }
        assertThat(snapshot(aliceDiagnostics, bobAnalytics, aliceLater)).isEqualTo(untouchedBefore);

        List<Receipt> receipts = Await.result(rights.jobs().receipts(job.id()));
        assertThat(receipts).hasSize(1);
        Receipt receipt = receipts.get(0);
        assertThat(receipt.userKey()).isEqualTo(alice.get(0));
        assertThat(receipt.purpose()).isEqualTo("analytics");
        assertThat(receipt.rowsChanged()).isEqualTo(aliceAnalytics.size());
        assertThat(receipt.policyVersion()).isEqualTo(policyVersion);
        assertThat(receipt.finishedAt()).isAfterOrEqualTo(receipt.startedAt());
        assertThat(bed.count("SELECT count(*) FROM audit_log WHERE action = 'rights.withdrawal' AND subject = ?",
                "user:" + Subjects.hash("alice"))).isEqualTo(1);
        assertThat(bed.count("SELECT count(*) FROM rights_jobs WHERE id = ? AND user_keys IS NULL", job.id())).isEqualTo(1);
        assertThat(Await.result(bed.audit.verify()).ok()).isTrue();
    }

    @Test
    void withdrawingAPurposeThatDropsEventsWithoutConsentDeletesTheRows() {
        List<String> carol = bed.keysOf("carol");
        long granted = grant("carol", Purpose.MARKETING, true);
        List<UUID> marketing = store(carol, Purpose.MARKETING, "ad_click", granted, 4);
        List<UUID> analytics = store(carol, Purpose.ANALYTICS, "page_view", 0, 2); // never consented

        grant("carol", Purpose.MARKETING, false);
        RightsJob job = withdrawalJob("carol", Purpose.MARKETING);

        assertThat(job.result().get("rowsDeleted").asLong()).isEqualTo(marketing.size());
        assertThat(rows(marketing)).isEmpty();
        assertThat(rows(analytics)).hasSize(analytics.size());
    }

    @Test
    void onlyAGrantTurnedIntoADenialIsAWithdrawal() {
        grant("dave", Purpose.ANALYTICS, false); // unknown -> denied
        grant("dave", Purpose.ANALYTICS, false); // denied -> denied
        grant("dave", Purpose.DIAGNOSTICS, true); // -> granted

        assertThat(bed.count("SELECT count(*) FROM rights_jobs WHERE subject_hash = ?", Subjects.hash("dave")))
                .isZero();
    }

    private static List<Map<String, Object>> rows(List<UUID> ids) {
        return bed.rows("SELECT event_id, user_key, anonymous_key, ip_network::text AS ip_network, ip_key, device_key,"
                + " device_model, device_class, device_manufacturer, device_os, device_os_version, user_agent,"
                + " browser_family, browser_major, os_family, properties, consented, policy_version, consent_version"
                + " FROM events WHERE event_id = ANY(?) ORDER BY event_id", (Object) ids.toArray(UUID[]::new));
    }

    @SafeVarargs
    private static List<Map<String, Object>> snapshot(List<UUID>... groups) {
        List<UUID> all = new ArrayList<>();
        for (List<UUID> group : groups) {
            all.addAll(group);
        }
        return rows(all).stream().map(row -> {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(row);
            copy.put("properties", String.valueOf(row.get("properties")));
            return copy;
        }).toList();
    }
}
