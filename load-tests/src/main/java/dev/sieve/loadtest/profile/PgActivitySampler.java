package dev.sieve.loadtest.profile;

import dev.sieve.loadtest.report.Share;
import dev.sieve.loadtest.service.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sampling profile of PostgreSQL: every {@value #PERIOD_MILLIS} ms, what each backend of the
 * service is doing according to {@code pg_stat_activity} (on CPU, waiting for WAL to be
 * written or flushed, for a lock, for the client, ...). Together with the CPU shares it tells
 * whether the database is limited by CPU or by fsync. Runs on its own thread, bounded in time.
 */
public final class PgActivitySampler implements AutoCloseable {
    private static final int PERIOD_MILLIS = 20;
    private static final String SQL = "SELECT backend_type, state, wait_event_type, wait_event FROM pg_stat_activity "
            + "WHERE pid <> pg_backend_pid() AND datname IS NOT NULL AND backend_type = 'client backend'"
            + " UNION ALL SELECT backend_type, state, wait_event_type, wait_event FROM pg_stat_activity"
            + " WHERE backend_type IN ('walwriter', 'checkpointer')";

    private final Map<String, Long> counts = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long samples;

    private PgActivitySampler(Database db, int maxSeconds) {
        this.thread = new Thread(() -> sample(db, maxSeconds), "pg-activity-sampler");
        this.thread.setDaemon(true);
    }

    public static PgActivitySampler start(Database db, int maxSeconds) {
        PgActivitySampler sampler = new PgActivitySampler(db, maxSeconds);
        sampler.thread.start();
        return sampler;
    }

    private void sample(Database db, int maxSeconds) {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(SQL)) {
            while (running && System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery()) {
                    synchronized (this) {
                        samples++;
                        while (rs.next()) {
                            counts.merge(key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), 1L,
                                    Long::sum);
                        }
                    }
                }
                Thread.sleep(PERIOD_MILLIS);
            }
        } catch (SQLException e) {
            // the service was killed or stopped: the samples so far stand
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String key(String backendType, String state, String waitType, String wait) {
        String who = "client backend".equals(backendType) ? "backend" : backendType;
        if ("idle".equals(state) || "Activity".equals(waitType)) {
            return who + ": idle (waiting for work)";
        }
        if (waitType == null) {
            return who + ": " + ("active".equals(state) || !"client backend".equals(backendType) ? "on CPU" : state);
        }
        return who + ": " + waitType + "/" + wait;
    }

    /** Each state as a share of all backend observations. */
    public synchronized List<Share> shares() {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(20)
                .map(e -> new Share(e.getKey(), e.getValue(), total == 0 ? 0 : 100.0 * e.getValue() / total))
                .toList();
    }

    public synchronized long samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
