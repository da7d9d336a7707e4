package dev.sieve.loadtest.limits;

import dev.sieve.loadtest.generator.EventIds;
import dev.sieve.loadtest.service.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Raw COPY of the same rows into {@code events} with pgjdbc's CopyManager: the fastest way
 * PostgreSQL takes rows, and so the ceiling the group-commit writer is compared with. Each
 * stream sends COPY statements of {@value #ROWS_PER_COPY} rows, each its own durable transaction,
 * until time is up.
 */
public final class CopyLimit {
    static final int ROWS_PER_COPY = 10_000;
    private static final int CHUNK_BYTES = 256 * 1024;

    private final Database db;
    private final CopyRows rows;

    public CopyLimit(Database db, SameRows same) throws SQLException {
        this.db = db;
        this.rows = new CopyRows(same.enforced(), tableColumns(db));
    }

    /** The columns COPY fills (the rest stay null). */
    public List<String> columns() {
        return rows.columns();
    }

    /**
     * COPY from {@code streams} connections at once for warm-up plus measurement; returns the rows
     * committed during the measurement and its length.
     */
    public Measured run(int streams, EventIds ids, double warmupSeconds, double measureSeconds) throws Exception {
        AtomicLong committed = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (measureSeconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        try {
            List<Future<Long>> lanes = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                lanes.add(pool.submit(() -> stream(ids, counter, committed, measureFrom, end)));
            }
            long measured = 0;
            for (Future<Long> lane : lanes) {
                measured += lane.get(Math.round(warmupSeconds + measureSeconds) + 120, TimeUnit.SECONDS);
            }
            return new Measured(measured, measureSeconds);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Rows committed and the seconds they took. */
    public record Measured(long rows, double seconds) {
        public double rowsPerSecond() {
            return seconds <= 0 ? 0 : rows / seconds;
        }
    }

    private long stream(EventIds ids, AtomicLong counter, AtomicLong committed, long measureFrom, long end)
            throws SQLException {
        long measured = 0;
        byte[] chunk = new byte[CHUNK_BYTES];
        try (Connection c = db.connect()) {
            c.setAutoCommit(true);
            PGConnection pg = c.unwrap(PGConnection.class);
            while (System.nanoTime() < end) {
                long first = counter.getAndAdd(ROWS_PER_COPY);
                copy(pg, ids, first, chunk);
                long now = System.nanoTime();
                committed.addAndGet(ROWS_PER_COPY);
                // A COPY counts when it committed inside the measurement window.
                if (now >= measureFrom && now <= end) {
                    measured += ROWS_PER_COPY;
                }
            }
        }
        return measured;
    }

    private void copy(PGConnection pg, EventIds ids, long first, byte[] chunk) throws SQLException {
        CopyIn in = pg.getCopyAPI().copyIn(rows.copySql());
        try {
            int used = 0;
            int n = rows.size();
            for (long i = first; i < first + ROWS_PER_COPY; i++) {
                byte[] rest = rows.rest((int) (i % n));
                if (used + EventIds.TEXT_LENGTH + rest.length > chunk.length) {
                    in.writeToCopy(chunk, 0, used);
                    used = 0;
                }
                ids.writeText(i, chunk, used);
                used += EventIds.TEXT_LENGTH;
                System.arraycopy(rest, 0, chunk, used, rest.length);
                used += rest.length;
            }
            in.writeToCopy(chunk, 0, used);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static Set<String> tableColumns(Database db) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns "
                     + "WHERE table_schema = current_schema() AND table_name = 'events'")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }
}
