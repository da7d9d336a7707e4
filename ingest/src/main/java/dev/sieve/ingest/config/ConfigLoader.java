package dev.sieve.ingest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.ingest.formats.FormatSettings;
import dev.sieve.ingest.formats.edge.CorsSettings;
import dev.sieve.ingest.formats.snowplow.SnowplowApps;
import dev.sieve.storage.embedded.EmbeddedPostgresServer;
import dev.sieve.storage.query.AnalystLogin;
import dev.sieve.storage.kafka.KafkaSettings;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds {@link SieveConfig} from, in rising priority: defaults, an optional JSON file
 * ({@code SIEVE_CONFIG} or {@code --config FILE}), and {@code SIEVE_*} environment variables.
 * Reports every problem at once.
 */
public final class ConfigLoader {
    private final Map<Setting, String> values = new EnumMap<>(Setting.class);
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader() {
    }

    /** Loads from the process environment and arguments. */
    public static SieveConfig load(Map<String, String> env, String[] args) {
        ConfigLoader loader = new ConfigLoader();
        loader.readFile(configFile(env, args));
        for (Setting s : Setting.values()) {
            String v = env.get(s.envName());
            if (v != null && !v.isBlank()) {
                loader.values.put(s, v.trim());
            }
        }
        return loader.build();
    }

    private static Optional<Path> configFile(Map<String, String> env, String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--config")) {
                return Optional.of(Path.of(args[i + 1]));
            }
        }
        return Optional.ofNullable(env.get("SIEVE_CONFIG")).filter(s -> !s.isBlank()).map(Path::of);
    }

    private void readFile(Optional<Path> file) {
        if (file.isEmpty()) {
            return;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(file.get()));
            if (root == null || !root.isObject()) {
                problems.add("config file " + file.get() + ": must hold a JSON object");
                return;
            }
            flatten("", root);
        } catch (IOException e) {
            problems.add("config file " + file.get() + ": " + e.getMessage());
        }
    }

    private void flatten(String prefix, JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isObject()) {
                flatten(key + ".", e.getValue());
                continue;
            }
            Optional<Setting> setting = find(key);
            if (setting.isEmpty()) {
                problems.add("config file: unknown setting '" + key + "'");
            } else {
                values.put(setting.get(), e.getValue().asText());
            }
        }
    }

    private static Optional<Setting> find(String key) {
        for (Setting s : Setting.values()) {
            if (s.key().equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private SieveConfig build() {
        int cores = Runtime.getRuntime().availableProcessors();
        String loopsText = text(Setting.EVENT_LOOPS);
        SieveConfig.Http http = new SieveConfig.Http(
                text(Setting.HTTP_HOST),
                integer(Setting.HTTP_PORT, 0, 65535),
                loopsText.isEmpty() ? cores : integer(Setting.EVENT_LOOPS, 1, 256),
                bool(Setting.TRUST_FORWARDED_FOR));
        SieveConfig.Limits limits = new SieveConfig.Limits(
                integer(Setting.LIMIT_BODY_BYTES, 1024, 64 << 20),
                integer(Setting.LIMIT_EVENT_BYTES, 256, 16 << 20),
                integer(Setting.LIMIT_BATCH_EVENTS, 1, 100_000));
        SieveConfig.Writer writer = new SieveConfig.Writer(
                integer(Setting.WRITER_BATCH_ROWS, 1, 50_000),
                integer(Setting.WRITER_QUIET_SPLIT_ROWS, 0, 50_000),
                Duration.ofMillis(integer(Setting.WRITER_BATCH_DELAY_MS, 1, 10_000)),
                integer(Setting.WRITER_INFLIGHT_BATCHES, 1, 64),
                integer(Setting.WRITER_QUEUE_ROWS, 1, 10_000_000));
        if (writer.queueRows() < writer.batchRows()) {
            problems.add(Setting.WRITER_QUEUE_ROWS.envName() + ": must be at least "
                    + Setting.WRITER_BATCH_ROWS.envName() + " (" + writer.batchRows() + ")");
        }
        SieveConfig.BootstrapKeys keys = new SieveConfig.BootstrapKeys(
                key(Setting.WRITER_KEY), key(Setting.CONSENT_KEY),
                key(Setting.PRIVACY_ADMIN_KEY), key(Setting.ANALYST_KEY));
        Optional<String> pgUrl = optional(Setting.PG_URL);
        pgUrl.filter(u -> !u.startsWith("postgresql://") && !u.startsWith("postgres://"))
                .ifPresent(u -> problems.add(Setting.PG_URL.envName()
                        + ": must start with postgresql:// (e.g. postgresql://user@127.0.0.1:5432/sieve)"));
        Optional<byte[]> pseudonymKey = pseudonymKey();
        if (pgUrl.isPresent() && pseudonymKey.isEmpty()) {
            problems.add(Setting.PSEUDONYM_KEY.envName()
                    + ": required with an external PostgreSQL (base64 of at least 32 random bytes)");
        }
        String keyId = text(Setting.PSEUDONYM_KEY_ID);
        if (!keyId.matches("[A-Za-z0-9_-]{1,32}")) {
            problems.add(Setting.PSEUDONYM_KEY_ID.envName() + ": must be 1-32 of [A-Za-z0-9_-]");
        }
        List<PseudonymKeyRing.PreviousKey> previous = previousKeys(keyId);
        NodeRole role = role();
        SieveConfig config = new SieveConfig(http, Path.of(text(Setting.DATA_DIR)), pgUrl,
                integer(Setting.PG_POOL_SIZE, 1, 100), keys, pseudonymKey, keyId, previous, limits, writer,
                integer(Setting.CONSENT_CACHE_SIZE, 0, 100_000_000),
                Duration.ofDays(integer(Setting.DEDUPE_WINDOW_DAYS, 1, 365)),
                formats(), role, kafka(role), analysts(), embeddedPgSettings());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private Map<String, String> embeddedPgSettings() {
        Map<String, String> settings = new TreeMap<>(EmbeddedPostgresServer.SERVICE_SETTINGS);
        String name = Setting.EMBEDDED_PG_SETTINGS.envName();
        for (String entry : text(Setting.EMBEDDED_PG_SETTINGS).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String key = eq < 0 ? entry.trim() : entry.substring(0, eq).trim();
            String value = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (!key.matches("[a-z_][a-z0-9_.]{0,62}") || value.isEmpty()) {
                problems.add(name + ": expected name=value,... with PostgreSQL setting names (e.g. shared_buffers=256MB)");
            } else if (EmbeddedPostgresServer.DURABILITY_SETTINGS.contains(key)) {
                problems.add(name + ": " + key + " cannot be changed: the embedded server is always durable");
            } else {
                settings.put(key, value);
            }
        }
        return Map.copyOf(settings);
    }

    private SieveConfig.Analysts analysts() {
        String login = text(Setting.ANALYST_DB_LOGIN);
        if (!AnalystLogin.NAME.matcher(login).matches() || login.startsWith("pg_")) {
            problems.add(Setting.ANALYST_DB_LOGIN.envName() + ": must match [a-z_][a-z0-9_]{0,62} and not start with pg_");
        }
        Optional<String> password = optional(Setting.ANALYST_DB_PASSWORD);
        password.filter(p -> p.length() < 12 || !p.chars().allMatch(c -> c > 32 && c < 127))
                .ifPresent(p -> problems.add(Setting.ANALYST_DB_PASSWORD.envName()
                        + ": needs at least 12 printable ASCII characters without spaces"));
        return new SieveConfig.Analysts(login, password,
                Duration.ofMillis(integer(Setting.QUERY_STATEMENT_TIMEOUT_MS, 100, 3_600_000)),
                Duration.ofMinutes(integer(Setting.ROLLUP_SETTLE_MINUTES, 0, 1_440)));
    }

    private String text(Setting s) {
        return values.getOrDefault(s, s.defaultValue());
    }

    private Optional<String> optional(Setting s) {
        return Optional.of(text(s)).filter(v -> !v.isBlank());
    }

    private Optional<String> key(Setting s) {
        Optional<String> v = optional(s);
        v.filter(k -> k.length() < 16)
                .ifPresent(k -> problems.add(s.envName() + ": keys must be at least 16 characters"));
        return v;
    }

    private int integer(Setting s, int min, int max) {
        String v = text(s);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                problems.add(s.envName() + ": must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(s.envName() + ": must be an integer");
            return Integer.parseInt(s.defaultValue().isEmpty() ? "1" : s.defaultValue());
        }
    }

    private boolean bool(Setting s) {
        String v = text(s);
        if (!v.equals("true") && !v.equals("false")) {
            problems.add(s.envName() + ": must be true or false");
        }
        return v.equals("true");
    }

    private List<PseudonymKeyRing.PreviousKey> previousKeys(String activeId) {
        List<PseudonymKeyRing.PreviousKey> out = new ArrayList<>();
        String name = Setting.PSEUDONYM_PREVIOUS_KEYS.envName();
        for (String entry : text(Setting.PSEUDONYM_PREVIOUS_KEYS).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            int at = entry.indexOf('@');
            if (eq <= 0) {
                problems.add(name + ": each entry is id=base64[@instant]");
                continue;
            }
            String id = entry.substring(0, eq).trim();
            String secret = (at < 0 ? entry.substring(eq + 1) : entry.substring(eq + 1, at)).trim();
            try {
                Optional<java.time.Instant> until = at < 0 ? Optional.empty()
                        : Optional.of(java.time.Instant.parse(entry.substring(at + 1).trim()));
                if (id.equals(activeId)) {
                    problems.add(name + ": key id '" + id + "' is the active key id");
                    continue;
                }
                out.add(new PseudonymKeyRing.PreviousKey(
                        new dev.sieve.enforcement.pseudonym.PseudonymKey(id, Base64.getDecoder().decode(secret)), until));
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                // The message of these exceptions never holds the secret itself.
                problems.add(name + ": entry '" + id + "' is not id=base64(>= 32 bytes)[@ISO instant]");
            }
        }
        return out;
    }

    private FormatSettings formats() {
        List<String> origins = new ArrayList<>();
        for (String o : text(Setting.CORS_ORIGINS).split(",")) {
            if (!o.isBlank()) {
                origins.add(o.trim());
            }
        }
        Duration maxAge = Duration.ofSeconds(integer(Setting.CORS_MAX_AGE_SECONDS, 0, 86_400));
        Map<String, String> apps = new java.util.LinkedHashMap<>();
        for (String entry : text(Setting.SNOWPLOW_APPS).split(",")) {
            int eq = entry.indexOf('=');
            if (entry.isBlank()) {
                continue;
            }
            if (eq <= 0) {
                problems.add(Setting.SNOWPLOW_APPS.envName() + ": each entry is appId=writerKey");
                continue;
            }
            apps.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        List<String> found = new ArrayList<>(CorsSettings.problems(origins, maxAge));
        found.addAll(SnowplowApps.problems(apps));
        if (!found.isEmpty()) {
            found.forEach(f -> problems.add("CORS/Snowplow settings: " + f));
            return FormatSettings.defaults();
        }
        return new FormatSettings(new CorsSettings(origins, maxAge), new SnowplowApps(apps),
                FormatSettings.DEFAULT_TYPE_PURPOSES);
    }

    private NodeRole role() {
        boolean bootstrap = optional(Setting.KAFKA_BOOTSTRAP_SERVERS).isPresent();
        Optional<String> text = optional(Setting.ROLE);
        if (text.isEmpty()) {
            return bootstrap ? NodeRole.BOTH : NodeRole.DIRECT;
        }
        Optional<NodeRole> role = NodeRole.of(text.get());
        if (role.isEmpty()) {
            problems.add(Setting.ROLE.envName() + ": must be direct, ingest, storage or both");
            return NodeRole.DIRECT;
        }
        if (role.get().usesKafka() && !bootstrap) {
            problems.add(Setting.ROLE.envName() + "=" + role.get().wireName() + " needs "
                    + Setting.KAFKA_BOOTSTRAP_SERVERS.envName() + " (host:port of the Kafka brokers)");
        }
        if (!role.get().usesKafka() && bootstrap) {
            problems.add(Setting.KAFKA_BOOTSTRAP_SERVERS.envName() + " is set but " + Setting.ROLE.envName()
                    + "=direct does not use Kafka: choose ingest, storage or both, or unset it");
        }
        return role.get();
    }

    /** Kafka settings when {@code role} uses Kafka; problems are added, not thrown. */
    private Optional<SieveConfig.Kafka> kafka(NodeRole role) {
        Optional<String> bootstrap = optional(Setting.KAFKA_BOOTSTRAP_SERVERS);
        if (!role.usesKafka() || bootstrap.isEmpty()) {
            return Optional.empty();
        }
        Optional<Short> replicas = optional(Setting.KAFKA_REPLICATION_FACTOR)
                .map(v -> (short) integer(Setting.KAFKA_REPLICATION_FACTOR, 1, Short.MAX_VALUE));
        Map<String, String> clientProperties = Map.of();
        Optional<String> file = optional(Setting.KAFKA_PROPERTIES_FILE);
        if (file.isPresent()) {
            try {
                clientProperties = KafkaSettings.readClientProperties(Path.of(file.get()));
            } catch (java.io.UncheckedIOException e) {
                problems.add(Setting.KAFKA_PROPERTIES_FILE.envName() + ": cannot read " + file.get());
            }
        }
        int problemsBefore = problems.size();
        int partitions = integer(Setting.KAFKA_PARTITIONS, 1, 10_000);
        boolean createTopic = bool(Setting.KAFKA_CREATE_TOPIC);
        int consumers = integer(Setting.KAFKA_CONSUMERS, 1, 256);
        int inFlight = integer(Setting.KAFKA_MAX_IN_FLIGHT_RECORDS, 1, 10_000_000);
        int linger = integer(Setting.KAFKA_LINGER_MS, 0, 1_000);
        int delivery = integer(Setting.KAFKA_DELIVERY_TIMEOUT_MS, 2_000, 300_000);
        int maxPoll = integer(Setting.KAFKA_MAX_POLL_RECORDS, 1, 100_000);
        if (problems.size() > problemsBefore) {
            return Optional.empty();
        }
        try {
            KafkaSettings settings = new KafkaSettings(bootstrap.get(), text(Setting.KAFKA_TOPIC), partitions, replicas,
                    text(Setting.KAFKA_GROUP_ID), optional(Setting.KAFKA_GROUP_INSTANCE_ID), inFlight,
                    Duration.ofMillis(linger), Duration.ofMillis(delivery), maxPoll, clientProperties);
            return Optional.of(new SieveConfig.Kafka(settings, createTopic, consumers));
        } catch (IllegalArgumentException e) {
            // The message names settings and property keys, never the properties' values.
            problems.add("Kafka settings: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<byte[]> pseudonymKey() {
        Optional<String> v = optional(Setting.PSEUDONYM_KEY);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(v.get());
            if (bytes.length < 32) {
                problems.add(Setting.PSEUDONYM_KEY.envName() + ": must decode to at least 32 bytes");
            }
            return Optional.of(bytes);
        } catch (IllegalArgumentException e) {
            problems.add(Setting.PSEUDONYM_KEY.envName() + ": must be base64");
            return Optional.empty();
        }
    }
}
