package dev.sieve.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sieve.storage.pg.WriterSettings;
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
    void writerSettingsTheWriterWouldRefuseAreNamedBeforeAnythingStarts() {
        SieveConfig.Writer defaults = ConfigLoader.load(Map.of(), new String[0]).writer();
        assertThat(defaults.batchDelay()).isEqualTo(java.time.Duration.ofMillis(1));
        assertThat(defaults.quietSplitRows()).as("quiet sending is on by default").isEqualTo(50);
        assertThat(new WriterSettings(defaults.batchRows(), defaults.quietSplitRows(), defaults.batchDelay(),
                defaults.inFlightBatches(), defaults.queueRows()))
                .as("the service's defaults are the writer's own").isEqualTo(WriterSettings.DEFAULTS);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "SIEVE_WRITER_BATCH_DELAY_MS", "0",
                "SIEVE_WRITER_BATCH_ROWS", "500",
                "SIEVE_WRITER_QUIET_SPLIT_ROWS", "-1",
                "SIEVE_WRITER_QUEUE_ROWS", "100"), new String[0]));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "SIEVE_WRITER_BATCH_DELAY_MS: must be between 1 and 10000",
                "SIEVE_WRITER_QUIET_SPLIT_ROWS: must be between 0 and 50000",
                "SIEVE_WRITER_QUEUE_ROWS: must be at least SIEVE_WRITER_BATCH_ROWS (500)");
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
    void theEmbeddedPostgresGetsSievesSettingsWithTheUsersOverThemButNeverLessDurability() {
        assertThat(ConfigLoader.load(Map.of(), new String[0]).embeddedPgSettings())
                .containsEntry("shared_buffers", "1GB").containsEntry("max_wal_size", "4GB")
                .containsEntry("checkpoint_timeout", "15min").containsEntry("autovacuum_vacuum_cost_limit", "50")
                .containsEntry("wal_init_zero", "off");
        SieveConfig c = ConfigLoader.load(Map.of("SIEVE_EMBEDDED_PG_SETTINGS", "shared_buffers=256MB, work_mem=16MB"),
                new String[0]);
        assertThat(c.embeddedPgSettings()).containsEntry("shared_buffers", "256MB").containsEntry("work_mem", "16MB")
                .containsEntry("max_wal_size", "4GB");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "SIEVE_EMBEDDED_PG_SETTINGS", "fsync=off,Shared Buffers=1,work_mem="), new String[0]));
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).contains("SIEVE_EMBEDDED_PG_SETTINGS", "fsync cannot be changed");
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
    void withoutKafkaSettingsTheRoleIsDirectAndWithBootstrapServersItIsBoth() {
        SieveConfig direct = ConfigLoader.load(Map.of(), new String[0]);
        assertThat(direct.role()).isEqualTo(NodeRole.DIRECT);
        assertThat(direct.kafka()).isEmpty();

        SieveConfig both = ConfigLoader.load(Map.of("SIEVE_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"), new String[0]);
        assertThat(both.role()).isEqualTo(NodeRole.BOTH);
        assertThat(both.kafka()).hasValueSatisfying(k -> {
            assertThat(k.settings().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
            assertThat(k.settings().topic()).isEqualTo("sieve.enforced-events");
            assertThat(k.settings().partitions()).isEqualTo(12);
            assertThat(k.settings().replicationFactor()).isEmpty();
            assertThat(k.settings().groupId()).isEqualTo("sieve-storage");
            assertThat(k.settings().groupInstanceId()).isEmpty();
            assertThat(k.settings().maxInFlightRecords()).isEqualTo(10_000);
            assertThat(k.settings().linger()).isEqualTo(java.time.Duration.ofMillis(5));
            assertThat(k.settings().deliveryTimeout()).isEqualTo(java.time.Duration.ofSeconds(8));
            assertThat(k.settings().maxPollRecords()).isEqualTo(2_000);
            assertThat(k.createTopic()).isTrue();
            assertThat(k.consumers()).isEqualTo(1);
        });
    }

    @Test
    void kafkaSettingsAndAClientPropertiesFileAreRead(@TempDir Path dir) throws Exception {
        Path properties = dir.resolve("kafka.properties");
        Files.writeString(properties, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"sieve\" password=\"hunter2-secret\";\n");
        SieveConfig c = ConfigLoader.load(Map.ofEntries(
                Map.entry("SIEVE_ROLE", "storage"),
                Map.entry("SIEVE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9093"),
                Map.entry("SIEVE_KAFKA_TOPIC", "events.v2"),
                Map.entry("SIEVE_KAFKA_PARTITIONS", "24"),
                Map.entry("SIEVE_KAFKA_REPLICATION_FACTOR", "3"),
                Map.entry("SIEVE_KAFKA_CREATE_TOPIC", "false"),
                Map.entry("SIEVE_KAFKA_GROUP_ID", "g"),
                Map.entry("SIEVE_KAFKA_GROUP_INSTANCE_ID", "storage-a"),
                Map.entry("SIEVE_KAFKA_CONSUMERS", "3"),
                Map.entry("SIEVE_KAFKA_MAX_IN_FLIGHT_RECORDS", "500"),
                Map.entry("SIEVE_KAFKA_LINGER_MS", "0"),
                Map.entry("SIEVE_KAFKA_DELIVERY_TIMEOUT_MS", "3000"),
                Map.entry("SIEVE_KAFKA_MAX_POLL_RECORDS", "100"),
                Map.entry("SIEVE_KAFKA_PROPERTIES_FILE", properties.toString())), new String[0]);
        assertThat(c.role()).isEqualTo(NodeRole.STORAGE);
        SieveConfig.Kafka k = c.kafka().orElseThrow();
        assertThat(k.settings().topic()).isEqualTo("events.v2");
        assertThat(k.settings().partitions()).isEqualTo(24);
        assertThat(k.settings().replicationFactor()).contains((short) 3);
        assertThat(k.settings().groupId()).isEqualTo("g");
        assertThat(k.settings().groupInstanceId()).contains("storage-a");
        assertThat(k.settings().maxInFlightRecords()).isEqualTo(500);
        assertThat(k.settings().linger()).isZero();
        assertThat(k.settings().deliveryTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(k.settings().maxPollRecords()).isEqualTo(100);
        assertThat(k.createTopic()).isFalse();
        assertThat(k.consumers()).isEqualTo(3);
        assertThat(k.settings().clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsKey("sasl.jaas.config");
        assertThat(k.settings().toString()).doesNotContain("hunter2-secret");
    }

    @Test
    void badRoleCombinationsAreReportedAtStartWithoutRepeatingSecrets(@TempDir Path dir) throws Exception {
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(
                Map.of("SIEVE_ROLE", "ingest"), new String[0])).getMessage())
                .contains("SIEVE_ROLE=ingest needs SIEVE_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(
                Map.of("SIEVE_ROLE", "direct", "SIEVE_KAFKA_BOOTSTRAP_SERVERS", "k:9092"), new String[0])).getMessage())
                .contains("SIEVE_ROLE=direct does not use Kafka");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(
                Map.of("SIEVE_ROLE", "consumer"), new String[0])).getMessage())
                .contains("SIEVE_ROLE: must be direct, ingest, storage or both");

        Path properties = dir.resolve("kafka.properties");
        Files.writeString(properties, "acks=1\nenable.auto.commit=true\nssl.keystore.password=hunter2-secret\n");
        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "SIEVE_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "SIEVE_KAFKA_DELIVERY_TIMEOUT_MS", "100",
                "SIEVE_KAFKA_PROPERTIES_FILE", properties.toString()), new String[0]));
        assertThat(refused.getMessage()).contains("SIEVE_KAFKA_DELIVERY_TIMEOUT_MS: must be between 2000 and 300000");
        ConfigException refusedKeys = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "SIEVE_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "SIEVE_KAFKA_PROPERTIES_FILE", properties.toString()), new String[0]));
        assertThat(refusedKeys.getMessage()).contains("acks, enable.auto.commit").doesNotContain("hunter2-secret");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "SIEVE_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "SIEVE_KAFKA_PROPERTIES_FILE", dir.resolve("missing.properties").toString()), new String[0])).getMessage())
                .contains("SIEVE_KAFKA_PROPERTIES_FILE: cannot read");
    }

    @Test
    void theConfigurationDocumentListsEverySetting() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting s : Setting.values()) {
            assertThat(doc).as("docs/configuration.md documents " + s.envName()).contains("`" + s.envName() + "`");
        }
    }
}
