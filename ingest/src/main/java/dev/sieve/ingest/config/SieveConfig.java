package dev.sieve.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.ingest.formats.FormatSettings;
import dev.sieve.storage.kafka.KafkaSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All settings, parsed once and validated by {@link ConfigLoader}. Passed through constructors;
 * nothing else in Sieve reads the environment.
 *
 * @param embeddedPgSettings the embedded PostgreSQL's server settings (development mode): Sieve's
 *                           defaults with the user's {@code embedded.pg.settings} over them
 */
public record SieveConfig(
        Http http,
        Path dataDir,
        Optional<String> pgUrl,
        int pgPoolSize,
        BootstrapKeys keys,
        Optional<byte[]> pseudonymKey,
        String pseudonymKeyId,
        List<PseudonymKeyRing.PreviousKey> previousPseudonymKeys,
        Limits limits,
        Writer writer,
        int consentCacheSize,
        Duration dedupeWindow,
        FormatSettings formats,
        NodeRole role,
        Optional<Kafka> kafka,
        Analysts analysts,
        Map<String, String> embeddedPgSettings) {

    /** HTTP edge settings. */
    public record Http(String host, int port, int eventLoops, boolean trustForwardedFor) {
    }

    /** Keys created (or kept) at start-up when set. */
    public record BootstrapKeys(Optional<String> writer, Optional<String> consent,
                                Optional<String> privacyAdmin, Optional<String> analyst) {
    }

    /** Request size limits. */
    public record Limits(int bodyBytes, int eventBytes, int batchEvents) {
    }

    /** Group-commit writer settings, per event loop. */
    public record Writer(int batchRows, int quietSplitRows, Duration batchDelay, int inFlightBatches, int queueRows) {
    }

    /**
     * Kafka mode (present exactly when {@link #role} uses Kafka).
     *
     * @param createTopic whether to create the topic at start when it is missing
     * @param consumers   storage consumers (group members) of this node
     */
    public record Kafka(KafkaSettings settings, boolean createTopic, int consumers) {
    }

    /**
     * Analysts' access: the SQL login made at start (when a password is set), the statement
     * timeout of every analyst query, and how long a bucket settles before it is rolled up.
     */
    public record Analysts(String dbLogin, Optional<String> dbPassword, Duration statementTimeout,
                           Duration rollupSettle) {
    }

    /** Development mode: no external PostgreSQL, so an embedded one runs and secrets are generated. */
    public boolean developmentMode() {
        return pgUrl.isEmpty();
    }
}
