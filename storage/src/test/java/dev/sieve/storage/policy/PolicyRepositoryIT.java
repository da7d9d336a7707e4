package dev.sieve.storage.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.InvalidPolicyException;
import dev.sieve.enforcement.policy.PolicyDiff;
import dev.sieve.enforcement.policy.PolicyJson;
import dev.sieve.storage.audit.AuditEntry;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class PolicyRepositoryIT {
    private Vertx vertx;
    private String uri;
    private Pool pool;
    private AuditLog audit;
    private PolicyRepository policies;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
        pool = TestPostgres.pool(vertx, uri, 4);
        audit = new AuditLog(pool);
        policies = new PolicyRepository(pool, audit);
        Await.result(new PgPolicyStore(pool).load()); // seeds version 1, active
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    /** The default rules, but the IP is dropped even with consent. */
    private static ObjectNode stricter() {
        ObjectNode document = PolicyJson.toJson(DefaultPolicy.create());
        ((ObjectNode) document.path("fields").path("ip")).put("withConsent", "drop");
        return document;
    }

    private static ObjectNode withoutDeviceModel() {
        ObjectNode document = PolicyJson.toJson(DefaultPolicy.create());
        ((ObjectNode) document.path("fields").path("device.model")).put("withConsent", "drop");
        return document;
    }

    private List<Object> activeVersions() {
        return Sql.rows(uri, "SELECT version FROM policies WHERE active").stream().map(r -> r.get("version")).toList();
    }

    private List<Object> activations() {
        return Sql.rows(uri, "SELECT version FROM policy_activations ORDER BY seq").stream()
                .map(r -> r.get("version")).toList();
    }

    @Test
    void createStoresTheDocumentAsWrittenAuditsTheDiffAndNotifiesAtCommit() throws Exception {
        PgUri pg = PgUri.parse(uri);
        try (Connection listener = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + PolicyRepository.CHANNEL);
            }

            PolicyVersion created = Await.result(policies.create(stricter(), true, "privacy-admin:alice",
                    "never store IP addresses (PRIV-7)"));

            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(5_000);
            assertThat(notifications).extracting(PGNotification::getParameter).containsExactly("2");
        }
        assertThat(activeVersions()).containsExactly(2L);
        assertThat(activations()).containsExactly(1L, 2L);
        Map<String, Object> row = Sql.rows(uri, "SELECT created_by, reason, document->'fields'->'ip'->>'withConsent'"
                + " AS ip FROM policies WHERE version = 2").get(0);
        assertThat(row).containsEntry("created_by", "privacy-admin:alice")
                .containsEntry("reason", "never store IP addresses (PRIV-7)").containsEntry("ip", "drop");

        List<AuditEntry> entries = Await.result(audit.list(0, 10));
        assertThat(entries).extracting(AuditEntry::action, AuditEntry::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("policy.seed_default", "policy:1"),
                        org.assertj.core.groups.Tuple.tuple("policy.create_and_activate", "policy:2"));
        JsonNode details = entries.get(1).details();
        assertThat(details.path("version").asLong()).isEqualTo(2);
        assertThat(details.path("activated").asBoolean()).isTrue();
        assertThat(details.path("activeBefore").asLong()).isEqualTo(1);
        assertThat(details.path("diff")).isEqualTo(PolicyDiff.toJson(List.of(
                new PolicyDiff.Change("fields.ip.withConsent", "truncate", "drop"))));
        assertThat(entries.get(1).actor()).isEqualTo("privacy-admin:alice");
        assertThat(Await.result(audit.verify()).ok()).isTrue();
    }

    @Test
    void anInactiveVersionIsStoredButNotActivated() {
        PolicyVersion created = Await.result(policies.create(stricter(), false, "alice", "draft for review"));

        assertThat(created.version()).isEqualTo(2);
        assertThat(created.active()).isFalse();
        assertThat(created.policy().version()).isEqualTo(2);
        assertThat(activeVersions()).containsExactly(1L);
        assertThat(activations()).containsExactly(1L);
        assertThat(Await.result(audit.list(1, 10))).extracting(AuditEntry::action).containsExactly("policy.create");
        assertThat(Await.result(policies.list())).extracting(PolicyVersion::version, PolicyVersion::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, true),
                        org.assertj.core.groups.Tuple.tuple(2L, false));
        assertThat(Await.result(policies.get(2))).contains(created);
        assertThat(Await.result(policies.get(9))).isEmpty();
        assertThat(Await.result(policies.active()).orElseThrow().version()).isEqualTo(1);
        assertThat(Await.result(policies.diff(1, 2)))
                .containsExactly(new PolicyDiff.Change("fields.ip.withConsent", "truncate", "drop"));
    }

    @Test
    void anInvalidDocumentFailsWithItsProblemsAndWritesNothing() {
        ObjectNode document = stricter();
        ((ObjectNode) document.path("fields").path("ip")).put("withConsent", "shred");
        document.put("colour", "blue");

        Throwable failure = Await.failure(policies.create(document, true, "alice", "typo"));

        assertThat(failure).isInstanceOf(InvalidPolicyException.class);
        assertThat(((InvalidPolicyException) failure).problems())
                .anyMatch(p -> p.startsWith("fields.ip.withConsent:"))
                .anyMatch(p -> p.startsWith("colour:"));
        assertThat(Sql.value(uri, "SELECT count(*) FROM policies")).isEqualTo(1L);
        assertThat(Sql.value(uri, "SELECT count(*) FROM audit_log")).isEqualTo(1L);
    }

    @Test
    void everyChangeNeedsAReason() {
        assertThat(SieveException.codeOf(Await.failure(policies.create(stricter(), true, "alice", " "))))
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(SieveException.codeOf(Await.failure(policies.activate(1, "alice", null))))
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(SieveException.codeOf(Await.failure(policies.rollback("alice", ""))))
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(Sql.value(uri, "SELECT count(*) FROM policies")).isEqualTo(1L);
        assertThat(Sql.value(uri, "SELECT count(*) FROM audit_log")).isEqualTo(1L);
    }

    @Test
    void activateSwitchesTheActiveVersionAndReactivatingIsANoOp() {
        Await.result(policies.create(stricter(), false, "alice", "draft"));

        assertThat(SieveException.codeOf(Await.failure(policies.activate(7, "alice", "go"))))
                .isEqualTo(ErrorCode.NOT_FOUND);
        PolicyVersion active = Await.result(policies.activate(2, "bob", "approved by DPO"));
        PolicyVersion again = Await.result(policies.activate(2, "bob", "once more"));

        assertThat(active.active()).isTrue();
        assertThat(again).isEqualTo(active);
        assertThat(activeVersions()).containsExactly(2L);
        assertThat(activations()).containsExactly(1L, 2L);
        List<AuditEntry> entries = Await.result(audit.list(2, 10));
        assertThat(entries).extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("policy.activate", "bob", "approved by DPO"));
        assertThat(entries.get(0).details().path("diff").size()).isEqualTo(1);
    }

    @Test
    void rollbackReactivatesThePreviouslyActiveVersionAndTwiceReturns() {
        assertThat(SieveException.codeOf(Await.failure(policies.rollback("alice", "nothing before v1"))))
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        Await.result(policies.create(stricter(), true, "alice", "v2"));
        Await.result(policies.create(withoutDeviceModel(), false, "alice", "v3 draft"));
        Await.result(policies.activate(3, "alice", "v3 live"));

        PolicyVersion back = Await.result(policies.rollback("bob", "v3 breaks the dashboards"));

        assertThat(back.version()).isEqualTo(2);
        assertThat(activeVersions()).containsExactly(2L);
        assertThat(Await.result(policies.rollback("bob", "undo the rollback")).version()).isEqualTo(3);
        assertThat(activations()).containsExactly(1L, 2L, 3L, 2L, 3L);
        assertThat(Await.result(audit.list(0, 20))).extracting(AuditEntry::action).containsExactly(
                "policy.seed_default", "policy.create_and_activate", "policy.create", "policy.activate",
                "policy.rollback", "policy.rollback");
        assertThat(Await.result(audit.verify()).entriesChecked()).isEqualTo(6);
    }

    @Test
    void storedVersionsCannotBeChangedOrDeleted() {
        Await.result(policies.create(stricter(), false, "alice", "v2"));

        assertThat(sqlFailure("UPDATE policies SET document = '{}' WHERE version = 2")).contains("not allowed");
        assertThat(sqlFailure("UPDATE policies SET reason = 'other' WHERE version = 2")).contains("not allowed");
        assertThat(sqlFailure("DELETE FROM policies WHERE version = 2")).contains("not allowed");
        assertThat(sqlFailure("DELETE FROM policy_activations")).contains("not allowed");
        Sql.execute(uri, "UPDATE policies SET active = (version = 2)"); // only the flag may change
        assertThat(activeVersions()).containsExactly(2L);
    }

    @Test
    void concurrentCreatesGetDistinctVersions() {
        var first = policies.create(stricter(), false, "alice", "one");
        var second = policies.create(withoutDeviceModel(), false, "bob", "two");

        assertThat(List.of(Await.result(first).version(), Await.result(second).version()))
                .containsExactlyInAnyOrder(2L, 3L);
        assertThat(Await.result(audit.verify()).entriesChecked()).isEqualTo(3);
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
