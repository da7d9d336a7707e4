package dev.sieve.storage.query;

import dev.sieve.storage.pg.PgUri;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Known events written straight into {@code events} (as the writer would have stored them after
 * enforcement), for exact-number tests. Creates the daily partitions the rows need.
 */
final class StoredRows {
    private final String uri;
    private final List<Object[]> rows = new ArrayList<>();

    StoredRows(String uri) {
        this.uri = uri;
    }

    /** An event of {@code userKey} (null: anonymous only, then {@code anonymousKey}) at {@code at}. */
    StoredRows add(Instant at, String type, String purpose, String userKey, String anonymousKey, String propertiesJson) {
        return add(UUID.randomUUID(), at, at, type, purpose, userKey, anonymousKey, propertiesJson, null);
    }

    StoredRows add(UUID id, Instant receivedAt, Instant eventTime, String type, String purpose, String userKey,
                   String anonymousKey, String propertiesJson, String deviceModel) {
        rows.add(new Object[] {id, Timestamp.from(receivedAt), Timestamp.from(eventTime), type, purpose, userKey,
            anonymousKey, propertiesJson, deviceModel});
        return this;
    }

    private void ensurePartitions(Connection c) throws SQLException {
        Instant oldest = rows.stream().map(r -> ((Timestamp) r[1]).toInstant()).min(Instant::compareTo)
                .orElse(Instant.now());
        long daysBack = Math.max(1, java.time.Duration.between(oldest, Instant.now()).toDays() + 1);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT sieve_ensure_partitions(" + daysBack + ", 7)");
        }
    }

    /** Writes the rows added so far (and forgets them). */
    void write() {
        PgUri pg = PgUri.parse(uri);
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            ensurePartitions(c);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO events (event_id, received_at, event_time,"
                    + " event_type, purpose, user_key, anonymous_key, properties, device_model, browser_family,"
                    + " policy_version, consent_version, consented) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'Firefox',"
                    + " 1, 1, true)")) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        rows.clear();
    }
}
