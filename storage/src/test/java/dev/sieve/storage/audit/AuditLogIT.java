package dev.sieve.storage.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogIT {
    private static final ObjectMapper SORTED = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private Vertx vertx;
    private String uri;
    private Pool pool;
    private AuditLog audit;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
        pool = TestPostgres.pool(vertx, uri, 4);
        audit = new AuditLog(pool);
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    private AuditEntry append(String subject, String reason, JsonNode details) {
        return Await.result(pool.withTransaction(tx -> audit.append(tx, "alice", "policy.activate", subject, reason,
                details)));
    }

    private static ObjectNode details(int version) {
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("version", version).put("activated", true);
        details.putArray("diff").addObject().put("path", "fields.ip.withConsent").put("from", "truncate")
                .put("to", "drop");
        return details;
    }

    @Test
    void entriesChainFromZeroBytesAndEachHashIsReproducibleFromTheRowAlone() throws Exception {
        AuditEntry first = append("policy:1", "initial rollout", details(1));
        AuditEntry second = append("policy:2", "stricter IP rule: see ticket PRIV-12", details(2));

        List<Map<String, Object>> rows = Sql.rows(uri, "SELECT seq, at, actor, action, subject, reason,"
                + " details::text AS details, prev_hash, hash FROM audit_log ORDER BY seq");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("prev_hash")).isEqualTo(new byte[32]);
        assertThat(rows.get(1).get("prev_hash")).isEqualTo(rows.get(0).get("hash"));
        assertThat(HexFormat.of().formatHex((byte[]) rows.get(1).get("hash"))).isEqualTo(second.hash());
        assertThat(first.seq()).isEqualTo(1);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        for (Map<String, Object> row : rows) {
            // The documented form, rebuilt with another JSON writer (Jackson with sorted map keys).
            Instant at = (Instant) row.get("at");
            long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
            Object detailsValue = SORTED.readValue((String) row.get("details"), Object.class);
            String canonical = SORTED.writeValueAsString(List.of(row.get("seq"), micros, row.get("actor"),
                    row.get("action"), row.get("subject"), row.get("reason"), detailsValue));
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((byte[]) row.get("prev_hash"));
            assertThat(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8))).isEqualTo(row.get("hash"));
        }
        assertThat(Await.result(audit.list(0, 10))).containsExactly(first, second);
        assertThat(Await.result(audit.list(1, 10))).containsExactly(second);
        assertThat(Await.result(audit.verify())).isEqualTo(AuditVerification.intact(2, second.hash()));
    }

    @Test
    void anEntryRolledBackWithItsTransactionLeavesNoTrace() {
        append("policy:1", "kept", details(1));

        Throwable failure = Await.failure(pool.withTransaction(tx -> audit.append(tx, "alice", "policy.create",
                        "policy:2", "the change fails after the entry", details(2))
                .compose(entry -> Future.failedFuture(new IllegalStateException("change failed")))));

        assertThat(failure).hasMessage("change failed");
        assertThat(Sql.value(uri, "SELECT count(*) FROM audit_log")).isEqualTo(1L);
        assertThat(append("policy:3", "next", details(3)).seq()).isEqualTo(2);
        assertThat(Await.result(audit.verify()).ok()).isTrue();
    }

    @Test
    void concurrentAppendsAreSerialisedIntoOneGapFreeChain() {
        List<Future<AuditEntry>> appends = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int version = i;
            appends.add(pool.withTransaction(tx -> audit.append(tx, "alice", "policy.create", "policy:" + version,
                    "parallel", details(version))));
        }
        appends.forEach(Await::result);

        assertThat(Sql.rows(uri, "SELECT seq FROM audit_log ORDER BY seq")).extracting(row -> row.get("seq"))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(Await.result(audit.verify())).extracting(AuditVerification::ok, AuditVerification::entriesChecked)
                .containsExactly(true, 12L);
    }

    @Test
    void verifyReadsPageByPageAndNamesTheFirstAlteredEntry() {
        AuditLog smallPages = new AuditLog(pool, 3);
        for (int i = 1; i <= 10; i++) {
            append("policy:" + i, "change " + i, details(i));
        }
        assertThat(Await.result(smallPages.verify()).entriesChecked()).isEqualTo(10);

        Sql.executeWithoutTriggers(uri, "UPDATE audit_log SET details = jsonb_set(details, '{version}', '70')"
                + " WHERE seq = 7");

        AuditVerification result = Await.result(smallPages.verify());
        assertThat(result.ok()).isFalse();
        assertThat(result.brokenSeq()).isEqualTo(7);
        assertThat(result.problem()).isEqualTo(AuditVerification.Problem.HASH_MISMATCH);
        assertThat(result.entriesChecked()).isEqualTo(6);
        assertThat(result.headHash()).isEqualTo(Await.result(audit.list(5, 1)).get(0).hash());
    }

    @Test
    void tamperingIsFoundAndNamed() {
        for (int i = 1; i <= 4; i++) {
            append("policy:" + i, "change " + i, details(i));
        }

        Sql.executeWithoutTriggers(uri, "UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 2");
        AuditVerification altered = Await.result(audit.verify());
        assertThat(altered.brokenSeq()).isEqualTo(2);
        assertThat(altered.problem()).isEqualTo(AuditVerification.Problem.HASH_MISMATCH);
        assertThat(altered.entriesChecked()).isEqualTo(1);
        assertThat(altered.toJson().toString()).contains("\"brokenSeq\":2", "\"problem\":\"hash_mismatch\"");

        // Re-hashing the altered entry moves the break to the next entry's link.
        byte[] prev = (byte[]) Sql.value(uri, "SELECT prev_hash FROM audit_log WHERE seq = 2");
        AuditEntry entry2 = Await.result(audit.list(1, 1)).get(0);
        byte[] rehashed = AuditChain.hash(prev, 2, entry2.at(), entry2.actor(), entry2.action(), entry2.subject(),
                entry2.reason(), entry2.details());
        Sql.executeWithoutTriggers(uri, "UPDATE audit_log SET hash = ? WHERE seq = 2", (Object) rehashed);
        AuditVerification relinked = Await.result(audit.verify());
        assertThat(relinked.brokenSeq()).isEqualTo(3);
        assertThat(relinked.problem()).isEqualTo(AuditVerification.Problem.PREV_HASH_MISMATCH);

        Sql.executeWithoutTriggers(uri, "DELETE FROM audit_log WHERE seq = 2");
        AuditVerification gap = Await.result(audit.verify());
        assertThat(gap.brokenSeq()).isEqualTo(2);
        assertThat(gap.problem()).isEqualTo(AuditVerification.Problem.GAP);
        assertThat(gap.detail()).contains("entry 2 is missing");
    }

    @Test
    void theTableRejectsUpdatesAndDeletesWithoutTamperingPrivileges() {
        append("policy:1", "kept", details(1));

        assertThat(sqlFailure("UPDATE audit_log SET reason = 'x'")).contains("not allowed");
        assertThat(sqlFailure("DELETE FROM audit_log")).contains("not allowed");
        assertThat(sqlFailure("TRUNCATE audit_log")).contains("not allowed");
        assertThat(Await.result(audit.verify()).entriesChecked()).isEqualTo(1);
    }

    @Test
    void aBlankReasonIsRefusedAndNothingIsWritten() {
        Throwable failure = Await.failure(pool.withTransaction(tx -> audit.append(tx, "alice", "policy.create",
                "policy:1", "  ", details(1))));

        assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(Sql.value(uri, "SELECT count(*) FROM audit_log")).isEqualTo(0L);
        assertThat(Await.result(audit.verify())).isEqualTo(AuditVerification.intact(0, "0".repeat(64)));
    }

    @Test
    void aHashedSubjectNamesAUserWithoutTheId() {
        assertThat(AuditLog.hashedSubject("user", "u-123"))
                .isEqualTo("user:" + dev.sieve.storage.consent.ConsentRepository.notification("u-123"))
                .doesNotContain("u-123");
    }

    private String sqlFailure(String statement) {
        try {
            Sql.execute(uri, statement);
            throw new AssertionError("expected the statement to fail: " + statement);
        } catch (IllegalStateException e) {
            return e.getCause().getMessage();
        }
    }
}
