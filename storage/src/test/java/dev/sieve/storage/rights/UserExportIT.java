package dev.sieve.storage.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.storage.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An export holds every stored row of the user (every key, every partition) and nothing of others. */
class UserExportIT {
    private static RightsTestbed bed;
    private static Rights rights;

    @BeforeAll
    static void start() {
        bed = new RightsTestbed();
        bed.activatePolicy(dev.sieve.enforcement.policy.PolicyJson.toText(
                dev.sieve.enforcement.policy.DefaultPolicy.create()));
        rights = bed.rights(RightsSettings.DEFAULTS, true);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    private static JsonNode parse(String line) {
        try {
            return RightsTestbed.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theExportHoldsEveryRowOfTheUserAndNothingOfOthers() {
        List<String> jane = bed.keysOf("jane");
        List<EnforcedEvent> janes = new ArrayList<>();
        for (int day = 0; day <= 2; day++) {
            for (int i = 0; i < 700; i++) { // more than a cursor page, under both keys
                janes.add(RightsTestbed.event(jane.get(i % 2), Purpose.ANALYTICS, "page_view",
                        RightsTestbed.daysAgo(day), true, 1, 1));
            }
        }
        bed.store(janes);
        bed.store(List.of(RightsTestbed.event(bed.keysOf("karl").get(0), Purpose.ANALYTICS, "page_view",
                RightsTestbed.daysAgo(0), true, 1, 1)));
        Await.result(bed.consents.update("jane", Map.of(Purpose.ANALYTICS, true, Purpose.MARKETING, false), "api"));
        Await.result(bed.consents.update("karl", Map.of(Purpose.ANALYTICS, true), "api"));
        Enqueued closed = Await.result(rights.requests().closeAccount("jane", null, "consent:test", "account closed", null));
        bed.awaitDone(rights, closed.job().id(), Duration.ofMinutes(1));
        CollectingStream out = new CollectingStream(bed.vertx, 200);

        ExportSummary summary = Await.result(rights.export().export("jane", "privacy-admin:test", "DSAR 7", out));

        List<JsonNode> lines = out.lines().stream().map(UserExportIT::parse).toList();
        assertThat(lines.get(0).get("type").asText()).isEqualTo("export");
        assertThat(lines.get(lines.size() - 1).get("type").asText()).isEqualTo("summary");
        Set<UUID> exported = lines.stream().filter(l -> l.get("type").asText().equals("event"))
                .map(l -> UUID.fromString(l.get("event_id").asText())).collect(Collectors.toSet());
        assertThat(exported).isEqualTo(janes.stream().map(EnforcedEvent::eventId).collect(Collectors.toSet()));
        assertThat(summary.events()).isEqualTo(janes.size());
        assertThat(lines.stream().filter(l -> l.get("type").asText().equals("consent_history"))).hasSize(2);
        assertThat(lines.stream().filter(l -> l.get("type").asText().equals("consent_state"))).hasSize(2);
        assertThat(lines.stream().filter(l -> l.get("type").asText().equals("receipt"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.get("type").asText().equals("account_closure"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.get("type").asText().equals("job"))
                .map(l -> l.get("kind").asText())).contains("account_closed", "export");
        assertThat(out.text()).doesNotContain(bed.keysOf("karl").get(0)).doesNotContain("\"jane\"");
        assertThat(out.drains()).isPositive();
        RightsJob job = Await.result(rights.jobs().get(summary.jobId())).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.DONE);
        assertThat(job.result().get("events").asLong()).isEqualTo(janes.size());
        assertThat(bed.count("SELECT count(*) FROM audit_log WHERE action = 'rights.export' AND subject = ?",
                "user:" + Subjects.hash("jane"))).isEqualTo(1);
    }
}
