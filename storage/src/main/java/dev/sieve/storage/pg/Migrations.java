package dev.sieve.storage.pg;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the current schema with the Flyway migrations in
 * {@code db/migration}. Blocking (JDBC): call it before deploying verticles, never on an event loop.
 * Safe when several nodes start at once: Flyway serialises them with an advisory lock.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /**
     * Applies every pending migration.
     *
     * @param pgUri a {@code postgresql://} URI, see {@link PgUri}
     * @return how many migrations were applied now (0 when the schema was current)
     */
    public static int migrate(String pgUri) {
        PgUri uri = PgUri.parse(pgUri);
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(uri.jdbcUrl(), uri.user(), uri.password())
                .locations(LOCATION)
                .cleanDisabled(true)
                .load()
                .migrate();
        LOG.info("database {} at schema version {} ({} migrations applied now)",
                uri, result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
        return result.migrationsExecuted;
    }
}
