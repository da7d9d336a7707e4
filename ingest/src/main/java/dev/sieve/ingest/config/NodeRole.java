package dev.sieve.ingest.config;

import java.util.Locale;
import java.util.Optional;

/**
 * What a Sieve process does with events. The same jar runs every role; the role is chosen at start
 * ({@link Setting#ROLE}).
 */
public enum NodeRole {
    /** Enforces and writes to PostgreSQL itself (no Kafka). */
    DIRECT(true, false, false),
    /** Enforces and produces to the Kafka topic; stores nothing. */
    INGEST(true, true, false),
    /** Consumes the topic and stores; serves no ingestion routes. */
    STORAGE(false, false, true),
    /** Ingest and storage in one process, through Kafka. */
    BOTH(true, true, true);

    private final boolean ingests;
    private final boolean produces;
    private final boolean consumes;

    NodeRole(boolean ingests, boolean produces, boolean consumes) {
        this.ingests = ingests;
        this.produces = produces;
        this.consumes = consumes;
    }

    /** Serves the event ingestion routes (and enforces). */
    public boolean ingests() {
        return ingests;
    }

    /** Hands enforced events to Kafka instead of writing them to PostgreSQL. */
    public boolean produces() {
        return produces;
    }

    /** Runs storage consumers of the Kafka topic. */
    public boolean consumes() {
        return consumes;
    }

    public boolean usesKafka() {
        return produces || consumes;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NodeRole> of(String text) {
        for (NodeRole role : values()) {
            if (role.wireName().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
