package dev.sieve.storage.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeyRepositoryIT {
    private static Vertx vertx;
    private static String uri;
    private static Pool pool;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
        pool = TestPostgres.pool(vertx, uri, 2);
    }

    @AfterAll
    static void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    @Test
    void ensureUpsertsByHashAndNeverStoresTheRawKey() {
        ApiKeyRepository keys = new ApiKeyRepository(pool);

        Await.result(keys.ensure("raw-writer-key", "writer", "web"));
        Await.result(keys.ensure("raw-writer-key", "writer", "web"));
        Await.result(keys.ensure("raw-analyst-key", "consent", "backend"));
        Await.result(keys.ensure("raw-analyst-key", "analyst", "bi"));

        Map<String, String> roles = Await.result(keys.loadAll());
        assertThat(roles).containsOnly(
                Map.entry(ApiKeyRepository.sha256Hex("raw-writer-key"), "writer"),
                Map.entry(ApiKeyRepository.sha256Hex("raw-analyst-key"), "analyst"));
        assertThat(ApiKeyRepository.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sql.value(uri, "SELECT count(*) FROM api_keys WHERE name = 'bi'")).isEqualTo(1L);
        assertThat(Sql.value(uri, "SELECT count(*) FROM api_keys WHERE position('raw' in key_hash::text) > 0"
                + " OR name LIKE '%raw%'")).isEqualTo(0L);
    }

    @Test
    void anUnknownRoleIsRefused() {
        Throwable failure = Await.failure(new ApiKeyRepository(pool).ensure("k", "superuser", "x"));

        assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.INTERNAL);
    }
}
