package dev.sieve.storage.testing;

import dev.sieve.storage.embedded.EmbeddedPostgresServer;
import dev.sieve.storage.pg.Migrations;
import dev.sieve.storage.pg.PgUri;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for integration tests: one embedded server per test JVM, started on first
 * use (fsync off, data in a temporary folder deleted at exit), and a fresh, migrated database per
 * caller. Typical use, once per test class:
 *
 * <pre>{@code
 * static String uri = TestPostgres.freshDatabase();       // postgresql://postgres@127.0.0.1:port/test_3
 * Pool pool = TestPostgres.pool(vertx, uri, 4);            // or build your own from the URI
 * }</pre>
 *
 * Published in the storage test-jar for the other modules' tests.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** Migrated once; every fresh database is a copy (much faster than migrating each). */
    private static final String TEMPLATE = "sieve_migrated_template";
    private static EmbeddedPostgresServer server;
    private static boolean templateReady;

    private TestPostgres() {
    }

    /** The shared server, started on first call (a few seconds). */
    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            Path dataDir = createTempDir();
            server = EmbeddedPostgresServer.start(dataDir, 0, false);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                deleteRecursively(dataDir);
            }, "test-postgres-cleanup"));
        }
        return server;
    }

    /** Creates a migrated database with a unique name and returns its URI. */
    public static String freshDatabase() {
        EmbeddedPostgresServer pg = server();
        migratedTemplate(pg);
        String name = "test_" + DATABASES.incrementAndGet();
        createDatabase(pg, name + " TEMPLATE " + TEMPLATE);
        return pg.uri(name);
    }

    private static synchronized void migratedTemplate(EmbeddedPostgresServer pg) {
        if (!templateReady) {
            createDatabase(pg, TEMPLATE);
            Migrations.migrate(pg.uri(TEMPLATE));
            templateReady = true;
        }
    }

    private static void createDatabase(EmbeddedPostgresServer pg, String nameAndOptions) {
        String adminJdbc = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminJdbc, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + nameAndOptions);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + nameAndOptions, e);
        }
    }

    /** A pool on {@code uri} with at most {@code maxSize} connections. Close it after the tests. */
    public static Pool pool(Vertx vertx, String uri, int maxSize) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(maxSize))
                .connectingTo(PgUri.parse(uri).connectOptions())
                .using(vertx)
                .build();
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("sieve-test-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
