package dev.sieve.ingest;

import dev.sieve.ingest.boot.SieveServer;
import dev.sieve.ingest.config.ConfigException;
import dev.sieve.ingest.config.ConfigLoader;
import dev.sieve.ingest.config.SieveConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Sieve. With no settings at all it runs an embedded PostgreSQL under {@code ./data} and
 * serves on port 8080; see {@link dev.sieve.ingest.config.Setting} for everything else. The only
 * place that reads the environment.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        SieveConfig config;
        try {
            config = ConfigLoader.load(System.getenv(), args);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SieveServer server;
        try {
            server = SieveServer.start(config);
        } catch (RuntimeException e) {
            LOG.error("Sieve could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        // One hook closes everything in order: HTTP and consumers, then Vert.x, then PostgreSQL.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sieve-shutdown"));
        server.handOverShutdown();
        server.printBanner(System.out);
    }
}
