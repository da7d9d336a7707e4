package dev.sieve.ingest.testing;

import dev.sieve.storage.pg.PgUri;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what is really in the database, for assertions. */
public final class Db {
    private final PgUri uri;

    public Db(String pgUri) {
        this.uri = PgUri.parse(pgUri);
    }

    /** Every row of a query as column name to value. */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password());
             var st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.put(md.getColumnName(i), v == null ? null : v instanceof org.postgresql.util.PGobject pg ? pg.getValue() : v);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs statements that return no rows, in one session. */
    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password());
             var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... params) {
        return ((Number) rows(sql, params).get(0).values().iterator().next()).longValue();
    }
}
