package dev.sieve.storage.pg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sieve.enforcement.consent.Purpose;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads stored events back, e.g. for the provenance endpoint (which rule produced each field).
 *
 * <p>{@code events} has no index on {@code event_id} (it would slow every insert); the receive
 * time from {@code event_ids} pins the row to one partition instead (run-time partition pruning),
 * where the BRIN index on {@code received_at} narrows the scan. So an event is found by id only
 * while its id is in {@code event_ids}: within the dedupe window (7 days by default).
 */
public final class EventRows {
    /** The nullable columns {@link StoredEvent#presentColumns()} reports, in table order. */
    static final List<String> OPTIONAL_COLUMNS = List.of("user_key", "anonymous_key", "ip_network", "ip_key",
            "device_key", "device_model", "device_class", "device_manufacturer", "device_os", "device_os_version",
            "user_agent", "browser_family", "browser_major", "os_family", "properties");
    static final String FIND = "SELECT event_id, received_at, event_time, event_type, purpose, user_key, anonymous_key,"
            + " abbrev(ip_network) AS ip_network, ip_key, device_key, device_model, device_class, device_manufacturer,"
            + " device_os, device_os_version, user_agent, browser_family, browser_major, os_family,"
            + " properties::text AS properties, policy_version, consent_version, consented FROM events"
            + " WHERE event_id = $1 AND received_at = (SELECT received_at FROM event_ids WHERE event_id = $1)";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Pool pool;

    public EventRows(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** The stored row of {@code eventId}; empty when unknown or older than the dedupe window. */
    public Future<Optional<StoredEvent>> find(UUID eventId) {
        Objects.requireNonNull(eventId, "eventId");
        return pool.preparedQuery(FIND).execute(Tuple.of(eventId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(toEvent(rows.iterator().next()))
                        : Optional.<StoredEvent>empty())
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    private static StoredEvent toEvent(Row row) {
        return new StoredEvent(row.getUUID("event_id"), row.getOffsetDateTime("received_at").toInstant(),
                row.getOffsetDateTime("event_time").toInstant(), row.getString("event_type"),
                Purpose.fromWire(row.getString("purpose")).orElse(null), row.getString("user_key"),
                row.getString("anonymous_key"), row.getString("ip_network"), row.getString("ip_key"),
                row.getString("device_key"), row.getString("device_model"), row.getString("device_class"),
                row.getString("device_manufacturer"), row.getString("device_os"), row.getString("device_os_version"),
                row.getString("user_agent"), row.getString("browser_family"), row.getString("browser_major"),
                row.getString("os_family"), json(row.getString("properties")), row.getLong("policy_version"),
                row.getLong("consent_version"), row.getBoolean("consented"));
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored properties are not valid JSON");
        }
    }
}
