package dev.sieve.ingest.config;

/**
 * Every setting Sieve reads, with its default and meaning. The key {@code http.port} is
 * {@code SIEVE_HTTP_PORT} in the environment and {@code "http.port"} (or nested
 * {@code {"http": {"port": ...}}}) in the JSON config file. The README's table is this enum.
 */
public enum Setting {
    HTTP_HOST("http.host", "0.0.0.0", "Address the HTTP server binds to."),
    HTTP_PORT("http.port", "8080", "HTTP port."),
    EVENT_LOOPS("event.loops", "", "HTTP verticle instances (one writer and one pool each). Default: number of cores."),
    DATA_DIR("data.dir", "./data", "Where the embedded PostgreSQL and the development secrets live."),
    PG_URL("pg.url", "", "External PostgreSQL, e.g. postgresql://user:pass@host:5432/sieve. Unset: embedded PostgreSQL under data.dir (development mode)."),
    EMBEDDED_PG_SETTINGS("embedded.pg.settings", "", "Development mode: PostgreSQL server settings for the embedded server, name=value,... (e.g. shared_buffers=256MB), over Sieve's defaults shared_buffers=1GB, max_wal_size=4GB, checkpoint_timeout=15min, autovacuum_vacuum_cost_limit=50, wal_init_zero=off. fsync, synchronous_commit and full_page_writes stay on."),
    PG_POOL_SIZE("pg.pool.size", "4", "Connections per event loop."),
    WRITER_KEY("writer.key", "", "Bootstrap ingestion key (role writer)."),
    CONSENT_KEY("consent.key", "", "Bootstrap consent-API key (role consent)."),
    PRIVACY_ADMIN_KEY("privacy.admin.key", "", "Bootstrap privacy-team key (role privacy-admin)."),
    ANALYST_KEY("analyst.key", "", "Bootstrap analyst key (role analyst)."),
    PSEUDONYM_KEY("pseudonym.key", "", "HMAC secret for pseudonyms, base64, at least 32 bytes. Required with pg.url; generated in development mode."),
    PSEUDONYM_KEY_ID("pseudonym.key.id", "k1", "Id carried by every pseudonym made with pseudonym.key."),
    PSEUDONYM_PREVIOUS_KEYS("pseudonym.previous.keys", "", "Keys retired by a rotation, still used to find older rows: id=base64[@grace-end ISO instant], comma-separated."),
    LIMIT_BODY_BYTES("limits.body.bytes", "524288", "Largest request body, before and after gzip."),
    LIMIT_EVENT_BYTES("limits.event.bytes", "32768", "Largest single event."),
    LIMIT_BATCH_EVENTS("limits.batch.events", "2500", "Most events in one request."),
    WRITER_BATCH_ROWS("writer.batch.rows", "1000", "Group commit: most rows in one statement; this many pending rows go at once."),
    WRITER_QUIET_SPLIT_ROWS("writer.quiet.split.rows", "50", "Group commit: a write that finds the writer quiet (no statement in flight, nothing arrived or finished for writer.batch.delay.ms) goes at the end of the event loop's turn, spread over the free connections, at least this many rows per statement. 0 turns it off: every write then waits writer.batch.delay.ms for company."),
    WRITER_BATCH_DELAY_MS("writer.batch.delay.ms", "1", "Group commit: pending rows are sent this long after the first of them (1 to 10000). Where a commit takes milliseconds (a slow disk), a longer delay gathers more rows per commit."),
    WRITER_INFLIGHT_BATCHES("writer.inflight.batches", "2", "Batches committing at once per event loop."),
    WRITER_QUEUE_ROWS("writer.queue.rows", "20000", "Rows waiting per event loop before ingest answers 503 (at least writer.batch.rows)."),
    CONSENT_CACHE_SIZE("consent.cache.size", "100000", "Subjects whose consent is cached per node."),
    TRUST_FORWARDED_FOR("http.trust.forwarded.for", "false", "Take the client IP from X-Forwarded-For (only behind a trusted proxy)."),
    DEDUPE_WINDOW_DAYS("dedupe.window.days", "7", "How long an event id is remembered for exact dedupe."),
    CORS_ORIGINS("cors.origins", "", "Browser origins allowed to send events: comma-separated scheme://host[:port], or *. Unset: none."),
    CORS_MAX_AGE_SECONDS("cors.max.age.seconds", "7200", "How long browsers may cache a CORS preflight answer."),
    SNOWPLOW_APPS("snowplow.apps", "", "Snowplow app ids (aid) allowed to send, each with the writer key it stands for: appId=writerKey,..."),
    ANALYST_DB_LOGIN("analyst.db.login", "sieve_analyst_login", "PostgreSQL login for analysts' SQL tools (read-only, views of schema analytics only); created or updated at start when analyst.db.password is set."),
    ANALYST_DB_PASSWORD("analyst.db.password", "", "Password of analyst.db.login (at least 12 printable ASCII characters; PostgreSQL gets a SCRAM verifier, never the password). Unset: no login is created."),
    QUERY_STATEMENT_TIMEOUT_MS("query.statement.timeout.ms", "30000", "Longest any analyst statement may run (HTTP query API, each export fetch, and SQL sessions of analyst.db.login)."),
    ROLLUP_SETTLE_MINUTES("rollup.settle.minutes", "15", "Rollups are computed for buckets closed at least this long ago (raise it when events land late, e.g. Kafka consumer lag)."),
    ROLE("role", "", "What this node does: direct (enforce and write to PostgreSQL), ingest (enforce and produce to Kafka), storage (consume from Kafka and write to PostgreSQL) or both. Default: direct, or both when kafka.bootstrap.servers is set."),
    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap.servers", "", "Kafka brokers, host:port[,host:port...]. Required by the roles ingest, storage and both."),
    KAFKA_TOPIC("kafka.topic", "sieve.enforced-events", "Topic of the enforced events."),
    KAFKA_PARTITIONS("kafka.partitions", "12", "Partitions when Sieve creates the topic: the most storage consumers that share the work."),
    KAFKA_REPLICATION_FACTOR("kafka.replication.factor", "", "Replicas when Sieve creates the topic (3 in production, with min.insync.replicas=2). Default: the broker's default.replication.factor."),
    KAFKA_CREATE_TOPIC("kafka.create.topic", "true", "Create the topic at start when it is missing (needs the CREATE permission)."),
    KAFKA_GROUP_ID("kafka.group.id", "sieve-storage", "Consumer group of the storage nodes."),
    KAFKA_GROUP_INSTANCE_ID("kafka.group.instance.id", "", "Static group membership of this storage node (e.g. its host name): a restarted node takes its partitions back at once."),
    KAFKA_CONSUMERS("kafka.consumers", "1", "Storage consumers (group members) in this node."),
    KAFKA_MAX_IN_FLIGHT_RECORDS("kafka.max.in.flight.records", "10000", "Per event loop of an ingest node: records awaiting the broker's acknowledgement before ingest answers 503."),
    KAFKA_LINGER_MS("kafka.linger.ms", "5", "How long the producer waits to fill a batch."),
    KAFKA_DELIVERY_TIMEOUT_MS("kafka.delivery.timeout.ms", "8000", "Longest a record may wait for its acknowledgement, retries included; then ingest answers 503."),
    KAFKA_MAX_POLL_RECORDS("kafka.max.poll.records", "2000", "Records a storage consumer takes per poll (one database write)."),
    KAFKA_PROPERTIES_FILE("kafka.properties.file", "", "A .properties file of Kafka client settings passed to every client (SASL, TLS, client.id, tuning); values are never logged.");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String envName() {
        return "SIEVE_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Secrets are never printed back. */
    public boolean secret() {
        return key.endsWith(".key") || this == PG_URL || this == ANALYST_DB_PASSWORD || this == PSEUDONYM_PREVIOUS_KEYS || this == SNOWPLOW_APPS;
    }
}
