package dev.sieve.storage.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyJson;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.PgNotifications;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgPolicyStoreIT {
    private Vertx vertx;
    private String uri;
    private Pool pool;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
        pool = TestPostgres.pool(vertx, uri, 4);
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    @Test
    void concurrentFirstLoadsSeedTheDefaultPolicyOnce() {
        PgPolicyStore one = new PgPolicyStore(pool);
        PgPolicyStore two = new PgPolicyStore(pool);
        assertThat(one.active()).isEmpty();

        Future<Policy> first = one.load();
        Future<Policy> second = two.load();

        assertThat(Await.result(first)).isEqualTo(DefaultPolicy.create());
        assertThat(Await.result(second)).isEqualTo(DefaultPolicy.create());
        assertThat(one.active()).contains(DefaultPolicy.create());
        assertThat(Sql.rows(uri, "SELECT version, active, created_by, reason FROM policies"))
                .containsExactly(java.util.Map.of("version", 1L, "active", true, "created_by", "system",
                        "reason", "default policy"));
        assertThat(Sql.value(uri, "SELECT jsonb_typeof(document) FROM policies")).isEqualTo("object");
        assertThat(Sql.rows(uri, "SELECT version, actor FROM policy_activations"))
                .containsExactly(java.util.Map.of("version", 1L, "actor", "system"));
        assertThat(Sql.rows(uri, "SELECT seq, actor, action, subject FROM audit_log"))
                .containsExactly(java.util.Map.of("seq", 1L, "actor", "system", "action", "policy.seed_default",
                        "subject", "policy:1"));
        assertThat(one.status()).extracting(PolicyStatus::state, PolicyStatus::version)
                .containsExactly(PolicyStatus.State.LOADED, 1L);
    }

    @Test
    void aReloadSwapsInTheNewActiveVersion() {
        PgPolicyStore store = new PgPolicyStore(pool);
        Await.result(store.load());
        Policy stricter = DefaultPolicy.create();
        Sql.execute(uri, "UPDATE policies SET active = false");
        Sql.execute(uri, "INSERT INTO policies (version, document, active, created_by, reason)"
                + " VALUES (2, ?::jsonb, true, 'privacy-team', 'test')", PolicyJson.toText(stricter));

        Policy loaded = Await.result(store.load());

        assertThat(loaded.version()).isEqualTo(2);
        assertThat(store.active()).contains(stricter.withVersion(2));
        assertThat(Sql.value(uri, "SELECT count(*) FROM policies")).isEqualTo(2L);
    }

    @Test
    void withoutAnActiveVersionTheStoreFailsClosed() {
        PgPolicyStore store = new PgPolicyStore(pool);
        Await.result(store.load());
        Sql.execute(uri, "UPDATE policies SET active = false");

        Policy enforced = Await.result(store.load());

        assertThat(enforced.isFailClosed()).isTrue();
        assertThat(store.active()).contains(Policy.failClosed());
        assertThat(store.status()).extracting(PolicyStatus::state, PolicyStatus::version, PolicyStatus::reason)
                .containsExactly(PolicyStatus.State.FAIL_CLOSED, 0L, "there is no active policy version");
        assertThat(Sql.value(uri, "SELECT count(*) FROM policies")).isEqualTo(1L); // not re-seeded
    }

    @Test
    void anInvalidActiveDocumentFailsClosedAndAValidOneRecovers() {
        PgPolicyStore store = new PgPolicyStore(pool);
        Await.result(store.load());
        ObjectNode broken = PolicyJson.toJson(DefaultPolicy.create());
        ((ObjectNode) broken.path("fields").path("ip")).put("withConsent", "keep-forever");
        Sql.executeWithoutTriggers(uri, "UPDATE policies SET document = ?::jsonb WHERE version = 1", broken.toString());

        Policy enforced = Await.result(store.load());

        assertThat(enforced).isEqualTo(Policy.failClosed());
        assertThat(store.active()).contains(Policy.failClosed());
        PolicyStatus failed = store.status();
        assertThat(failed.state()).isEqualTo(PolicyStatus.State.FAIL_CLOSED);
        assertThat(failed.loaded()).isFalse();
        assertThat(failed.reason()).isEqualTo("the active policy version 1 is invalid (1 problems)")
                .doesNotContain("keep-forever");

        Sql.executeWithoutTriggers(uri, "UPDATE policies SET document = ?::jsonb WHERE version = 1",
                PolicyJson.toText(DefaultPolicy.create()));
        Await.result(store.load());

        assertThat(store.active()).contains(DefaultPolicy.create());
        assertThat(store.status()).extracting(PolicyStatus::state, PolicyStatus::version, PolicyStatus::reason)
                .containsExactly(PolicyStatus.State.LOADED, 1L, null);
    }

    @Test
    void whenTheDatabaseIsUnreachableTheSnapshotStaysAndTheStatusShowsItsAge() {
        Pool own = TestPostgres.pool(vertx, uri, 1);
        PgPolicyStore store = new PgPolicyStore(own);
        Await.result(store.load());
        Instant loadedAt = store.status().lastLoadedAt();
        Await.result(own.close());

        Throwable failure = Await.failure(store.load());

        assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(store.active()).contains(DefaultPolicy.create());
        assertThat(store.status()).extracting(PolicyStatus::state, PolicyStatus::version, PolicyStatus::lastLoadedAt,
                        PolicyStatus::lastReloadFailure)
                .containsExactly(PolicyStatus.State.LOADED, 1L, loadedAt, "database unavailable");
    }

    @Test
    void beforeAnyLoadNothingIsEnforced() {
        PgPolicyStore store = new PgPolicyStore(pool);

        assertThat(store.active()).isEmpty();
        assertThat(store.status()).isEqualTo(PolicyStatus.NOT_LOADED);
    }

    @Test
    void aSubscribedStoreSwapsInAnotherNodesActivation() {
        PgPolicyStore node = new PgPolicyStore(pool);
        PgNotifications notifications = new PgNotifications(vertx, PgUri.parse(uri).connectOptions());
        node.subscribe(notifications);
        Await.result(notifications.start());
        Await.result(node.load());
        ObjectNode stricter = PolicyJson.toJson(DefaultPolicy.create());
        ((ObjectNode) stricter.path("fields").path("ip")).put("withConsent", "drop");
        PolicyRepository otherNode = new PolicyRepository(pool, new AuditLog(pool));

        Await.result(otherNode.create(stricter, true, "alice", "never store IP"));
        Duration took = Await.until("policy version 2 enforced", Duration.ofSeconds(10),
                () -> node.active().orElseThrow().version() == 2);

        assertThat(node.active().orElseThrow().sameRules(PolicyJson.fromJson(stricter, 2))).isTrue();
        System.out.println("policy propagation took " + took.toMillis() + " ms");
        Await.result(notifications.close());
    }
}
