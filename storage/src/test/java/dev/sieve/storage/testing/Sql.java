package dev.sieve.storage.testing;

import dev.sieve.storage.pg.PgUri;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC for assertions: what is really in the database, independent of the code under test. */
public final class Sql {
    private Sql() {
    }

    /**
     * Every row of {@code query}, each as column label to value (in column order); timestamps
     * come back as {@link java.time.Instant}. Pass an array parameter as {@code (Object) array}.
     */
    public static List<Map<String, Object>> rows(String uri, String query, Object... parameters) {
        PgUri pg = PgUri.parse(uri);
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            if (!statement.execute()) {
                return List.of();
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.getResultSet()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= columns; c++) {
                        Object value = result.getObject(c);
                        row.put(result.getMetaData().getColumnLabel(c),
                                value instanceof Timestamp timestamp ? timestamp.toInstant() : value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single value of a one-row, one-column query. */
    public static Object value(String uri, String query, Object... parameters) {
        List<Map<String, Object>> rows = rows(uri, query, parameters);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size());
        }
        return rows.get(0).values().iterator().next();
    }

    /** Runs a statement that returns no rows. */
    public static void execute(String uri, String statement, Object... parameters) {
        rows(uri, statement, parameters);
    }

    /**
     * Runs a statement with triggers off ({@code session_replication_role = replica}; the test
     * server's user is a superuser): to tamper with append-only or immutable tables.
     */
    public static void executeWithoutTriggers(String uri, String statement, Object... parameters) {
        PgUri pg = PgUri.parse(uri);
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            try (PreparedStatement off = connection.prepareStatement("SET session_replication_role = replica")) {
                off.execute();
            }
            try (PreparedStatement tamper = connection.prepareStatement(statement)) {
                for (int i = 0; i < parameters.length; i++) {
                    tamper.setObject(i + 1, parameters[i]);
                }
                tamper.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
