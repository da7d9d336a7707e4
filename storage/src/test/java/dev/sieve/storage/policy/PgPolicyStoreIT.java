package dev.sieve.storage.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyJson;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
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
    void withoutAnActivePolicyLoadFailsAndKeepsThePreviousSnapshot() {
        PgPolicyStore store = new PgPolicyStore(pool);
        Await.result(store.load());
        Sql.execute(uri, "UPDATE policies SET active = false");

        Throwable failure = Await.failure(store.load());

        assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.POLICY_UNAVAILABLE);
        assertThat(store.active()).contains(DefaultPolicy.create());
        assertThat(Sql.value(uri, "SELECT count(*) FROM policies")).isEqualTo(1L);
    }
}
