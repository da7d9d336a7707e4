package dev.sieve.storage.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link EmbeddedPostgresServerIT}: starts a server on the directory given,
 * writes a marker row, prints {@code READY}, and waits to be killed.
 */
public final class OrphanServerMain {
    private OrphanServerMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0, false);
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/sieve", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE marker (note text)");
            statement.execute("INSERT INTO marker VALUES ('written before the kill')");
        }
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
