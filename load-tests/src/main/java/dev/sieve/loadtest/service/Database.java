package dev.sieve.loadtest.service;

import dev.sieve.storage.pg.PgUri;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Blocking JDBC access to the service's database, for setting up and checking phases (never timed). */
public final class Database {
    /** 'SIEVEROL' in ASCII: the advisory lock key of {@code sieve_rollup_refresh} (V25). */
    private static final long ROLLUP_REFRESH_LOCK = 6001404215280422732L;

    private final PgUri uri;

    public Database(String pgUri) {
        this.uri = PgUri.parse(pgUri);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password());
    }

    public PgUri uri() {
        return uri;
    }

    public long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Empties the event tables and writes a checkpoint, so every phase starts from the same state.
     *
     * <p>The {@code TRUNCATE} makes PostgreSQL forget every rollup bucket (V25's trigger), so they
     * are computed again here, while the tables are empty. Otherwise the service's rollup refresh,
     * once a minute, recomputed the 24 newest forgotten buckets during the next phase, each bucket
     * of today a scan of the growing partition (its BRIN ranges not summarized yet): two seconds of
     * one core in the middle of a phase, which production, whose closed buckets stay computed,
     * does not have (docs/performance.md, 2026-11-30 evening).
     */
    public void resetEvents() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE events, event_ids");
            recomputeRollups(c);
            s.execute("CHECKPOINT");
        }
    }

    /**
     * Computes every missing rollup bucket that has closed. Waits for a refresh of the service's
     * that is running to end, by taking the refresh's advisory lock first (the key of V25's
     * {@code sieve_rollup_refresh}; the function takes it again in the same session).
     */
    private static void recomputeRollups(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + ROLLUP_REFRESH_LOCK + ")");
            s.execute("SELECT sieve_rollup_refresh(now(), 100000)");
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Vacuum and analyze runs so far (by autovacuum or by hand) on the event tables: every
     * {@code events} partition and {@code event_ids}. Each is a burst of PostgreSQL work that
     * competes with the phase that happens to be running (see docs/performance.md, the stalls).
     */
    public MaintenanceRuns maintenanceRuns() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(vacuum_count + autovacuum_count), 0),"
                     + " coalesce(sum(analyze_count + autoanalyze_count), 0) FROM pg_stat_user_tables"
                     + " WHERE relname = 'event_ids' OR relname LIKE 'events\\_%'")) {
            rs.next();
            return new MaintenanceRuns(rs.getLong(1), rs.getLong(2));
        }
    }

    /**
     * WAL segment files in {@code pg_wal} now. Between two checkpoints the count only grows, by
     * each segment PostgreSQL had to create (rather than reuse) while commits waited for it.
     */
    public long walSegments() throws SQLException {
        return count("SELECT count(*) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'");
    }

    /** Rows in {@code events}. */
    public long eventRows() throws SQLException {
        return count("SELECT count(*) FROM events");
    }

    /**
     * How many rows {@code events} holds for each counter of the ids of one tag (see
     * {@link dev.sieve.loadtest.generator.EventIds}).
     */
    public Map<Long, Integer> rowsPerCounter(String textTag) throws SQLException {
        Map<Long, Integer> rows = new HashMap<>();
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement(
                     "SELECT event_id FROM events WHERE substr(event_id::text, 20, 9) = ?")) {
            s.setString(1, textTag);
            s.setFetchSize(10_000);
            c.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    rows.merge(id.getLeastSignificantBits() & 0xFFFF_FFFFL, 1, Integer::sum);
                }
            }
        }
        return rows;
    }

    /** A PostgreSQL setting as the server reports it (e.g. fsync, synchronous_commit). */
    public String setting(String name) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT current_setting(?)")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Size of the events and event_ids tables with their indexes, bytes. */
    public long eventTablesBytes() throws SQLException {
        return count("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                + "WHERE c.relname LIKE 'events_%' OR c.relname = 'event_ids'");
    }
}
