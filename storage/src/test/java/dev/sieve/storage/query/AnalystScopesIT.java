package dev.sieve.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The privacy team's per-key scopes: defaults, inheritance, validation, and an audit entry per change. */
class AnalystScopesIT {
    private static Vertx vertx;
    private static String uri;
    private static AnalystScopes scopes;

    @BeforeAll
    static void start() {
        uri = TestPostgres.freshDatabase();
        vertx = Vertx.vertx();
        Pool pool = TestPostgres.pool(vertx, uri, 2);
        scopes = new AnalystScopes(pool, new AuditLog(pool));
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    @Test
    void keysInheritTheDefaultAndTheTeamNarrowsThem() {
        assertThat(Await.result(scopes.scopeOf("0123456789ab")))
                .isEqualTo(new AnalystScope("0123456789ab", EnumSet.allOf(Purpose.class), 5));

        Await.result(scopes.set("default", null, 7, "privacy-admin:aaaaaaaaaaaa", "raise k for everyone"));
        Await.result(scopes.set("0123456789ab", Set.of(Purpose.ANALYTICS), null, "privacy-admin:aaaaaaaaaaaa",
                "marketing data is out of this team's remit"));
        assertThat(Await.result(scopes.scopeOf("0123456789ab")))
                .isEqualTo(new AnalystScope("0123456789ab", Set.of(Purpose.ANALYTICS), 7));
        assertThat(Await.result(scopes.scopeOf("ba9876543210")).minGroupUsers()).isEqualTo(7);
        assertThat(Await.result(scopes.list())).extracting(ScopeSetting::keyId).containsExactly("default", "0123456789ab");

        var audit = Sql.rows(uri, "SELECT action, subject, details::text AS details FROM audit_log ORDER BY seq");
        assertThat(audit).extracting(r -> r.get("subject")).containsExactly("analyst-key:default", "analyst-key:0123456789ab");
        assertThat(audit).allSatisfy(r -> assertThat(r.get("action")).isEqualTo("analyst-scope.set"));
        assertThat((String) audit.get(1).get("details")).contains("\"purposes\": [\"analytics\"]", "\"minGroupUsers\": null");
    }

    @Test
    void invalidSettingsAre400s() {
        for (var attempt : java.util.List.<java.util.function.Supplier<io.vertx.core.Future<?>>>of(
                () -> scopes.set("not-a-key", null, 5, "a", "r"),
                () -> scopes.set("default", null, null, "a", "r"),
                () -> scopes.set("0123456789ab", Set.of(), 5, "a", "r"),
                () -> scopes.set("0123456789ab", null, 1, "a", "r"),
                () -> scopes.scopeOf("'; DROP TABLE analyst_scopes; --"))) {
            assertThat(SieveException.codeOf(Await.failure(attempt.get()))).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }
}
