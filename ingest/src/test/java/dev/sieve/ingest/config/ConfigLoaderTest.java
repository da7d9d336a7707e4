package dev.sieve.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void noSettingsAtAllIsDevelopmentModeOnPort8080() {
        SieveConfig c = ConfigLoader.load(Map.of(), new String[0]);
        assertThat(c.developmentMode()).isTrue();
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.limits().bodyBytes()).isEqualTo(512 * 1024);
        assertThat(c.limits().eventBytes()).isEqualTo(32 * 1024);
        assertThat(c.limits().batchEvents()).isEqualTo(2500);
    }

    @Test
    void environmentWinsOverTheFileAndNestedKeysWork(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sieve.json");
        Files.writeString(file, "{\"http\": {\"port\": 9000, \"host\": \"127.0.0.1\"}, \"limits.batch.events\": 10}");
        SieveConfig c = ConfigLoader.load(Map.of("SIEVE_HTTP_PORT", "9100"), new String[] {"--config", file.toString()});
        assertThat(c.http().port()).isEqualTo(9100);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.limits().batchEvents()).isEqualTo(10);
    }

    @Test
    void everyProblemIsReportedAtOnceWithoutRepeatingSecrets() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "SIEVE_HTTP_PORT", "eighty",
                "SIEVE_PG_URL", "mysql://secret-password@host/db",
                "SIEVE_WRITER_KEY", "short",
                "SIEVE_PSEUDONYM_PREVIOUS_KEYS", "k0=not-base64!!"), new String[0]));
        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage()).contains("SIEVE_HTTP_PORT", "SIEVE_PG_URL", "SIEVE_WRITER_KEY",
                "SIEVE_PSEUDONYM_KEY", "SIEVE_PSEUDONYM_PREVIOUS_KEYS");
        assertThat(e.getMessage()).doesNotContain("secret-password", "not-base64");
    }

    @Test
    void analystSettingsHaveDefaultsAndBadOnesAreNamedWithoutThePassword() {
        SieveConfig c = ConfigLoader.load(Map.of(), new String[0]);
        assertThat(c.analysts().dbLogin()).isEqualTo("sieve_analyst_login");
        assertThat(c.analysts().dbPassword()).isEmpty();
        assertThat(c.analysts().statementTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(c.analysts().rollupSettle()).isEqualTo(java.time.Duration.ofMinutes(15));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "SIEVE_ANALYST_DB_LOGIN", "pg_reader",
                "SIEVE_ANALYST_DB_PASSWORD", "short pw",
                "SIEVE_QUERY_STATEMENT_TIMEOUT_MS", "5",
                "SIEVE_ROLLUP_SETTLE_MINUTES", "-1"), new String[0]));
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).contains("SIEVE_ANALYST_DB_LOGIN", "SIEVE_ANALYST_DB_PASSWORD",
                "SIEVE_QUERY_STATEMENT_TIMEOUT_MS", "SIEVE_ROLLUP_SETTLE_MINUTES").doesNotContain("short pw");
    }

    @Test
    void anExternalDatabaseNeedsAPseudonymKeyAndThenIsNotDevelopmentMode() {
        SieveConfig c = ConfigLoader.load(Map.of("SIEVE_PG_URL", "postgresql://u@db:5432/sieve",
                "SIEVE_PSEUDONYM_KEY", KEY, "SIEVE_PSEUDONYM_PREVIOUS_KEYS",
                "k0=" + KEY + "@2030-01-01T00:00:00Z"), new String[0]);
        assertThat(c.developmentMode()).isFalse();
        assertThat(c.previousPseudonymKeys()).hasSize(1);
        assertThat(c.previousPseudonymKeys().get(0).graceUntil()).isPresent();
    }

    @Test
    void unknownKeysInTheFileAreErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sieve.json");
        Files.writeString(file, "{\"http\": {\"prot\": 9000}}");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(Map.of("SIEVE_CONFIG", file.toString()), new String[0]));
        assertThat(e.getMessage()).contains("unknown setting 'http.prot'");
    }

    @Test
    void theConfigurationDocumentListsEverySetting() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting s : Setting.values()) {
            assertThat(doc).as("docs/configuration.md documents " + s.envName()).contains("`" + s.envName() + "`");
        }
    }
}
