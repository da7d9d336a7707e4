package dev.sieve.storage.pg;

import io.vertx.pgclient.PgConnectOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A PostgreSQL connection URI ({@code postgresql://user:password@host:port/database?sslmode=...})
 * turned into what each client needs: Vert.x {@link PgConnectOptions} for the service, a JDBC URL
 * with user and password for Flyway. {@link #toString()} never shows the password.
 */
public final class PgUri {
    /** The insert statement of the event writer is long; it must still fit the statement cache. */
    private static final int STATEMENT_CACHE_SQL_LIMIT = 16 * 1024;
    /** The user when the URI names none (libpq would take the OS user; ours runs as root). */
    private static final String DEFAULT_USER = "postgres";

    private final PgConnectOptions options;

    private PgUri(PgConnectOptions options) {
        this.options = options;
    }

    /**
     * Parses a URI.
     *
     * @throws IllegalArgumentException when it is not a PostgreSQL URI; the message never repeats it,
     *                                  since it may hold a password
     */
    public static PgUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        PgConnectOptions parsed;
        try {
            parsed = PgConnectOptions.fromUri(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid postgresql:// URI");
        }
        UriParts parts = UriParts.of(uri);
        if (parts.database().isEmpty()) {
            throw new IllegalArgumentException("the postgresql:// URI names no database");
        }
        // fromUri fills absent parts with "user"/"pass" and replaces (not merges) the default
        // connection properties the client relies on (DateStyle, client_encoding) when a query
        // string is present; undo both.
        Map<String, String> properties = new HashMap<>(new PgConnectOptions().getProperties());
        properties.putAll(parsed.getProperties());
        parsed.setProperties(properties)
                .setUser(parts.hasUser() ? parsed.getUser() : DEFAULT_USER)
                .setPassword(parts.hasPassword() ? parsed.getPassword() : "");
        return new PgUri(parsed);
    }

    /** A fresh, mutable copy of the Vert.x options, with prepared statement caching on. */
    public PgConnectOptions connectOptions() {
        return new PgConnectOptions(options)
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT);
    }

    /** The JDBC URL, without user and password (pass those separately). */
    public String jdbcUrl() {
        String host = options.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "jdbc:postgresql://" + host + ":" + options.getPort() + "/" + options.getDatabase()
                + "?sslmode=" + options.getSslMode().value;
    }

    public String user() {
        return options.getUser();
    }

    /** The password, or an empty string when the URI has none. */
    public String password() {
        return options.getPassword() == null ? "" : options.getPassword();
    }

    public String host() {
        return options.getHost();
    }

    public int port() {
        return options.getPort();
    }

    public String database() {
        return options.getDatabase();
    }

    /** Which parts the URI spells out itself, read from its text. */
    private record UriParts(boolean hasUser, boolean hasPassword, String database) {
        static UriParts of(String uri) {
            String rest = uri.substring(uri.indexOf("://") + 3);
            int authorityEnd = indexOfAny(rest, "/?");
            String authority = rest.substring(0, authorityEnd);
            int at = authority.lastIndexOf('@');
            String userInfo = at < 0 ? "" : authority.substring(0, at);
            String path = rest.substring(authorityEnd);
            String database = path.startsWith("/") ? path.substring(1, indexOfAny(path, "?")) : "";
            return new UriParts(!userInfo.isEmpty() && userInfo.charAt(0) != ':', userInfo.contains(":"), database);
        }

        private static int indexOfAny(String text, String chars) {
            for (int i = 0; i < text.length(); i++) {
                if (chars.indexOf(text.charAt(i)) >= 0) {
                    return i;
                }
            }
            return text.length();
        }
    }

    /** The URI without its password, safe to log. */
    @Override
    public String toString() {
        return "postgresql://" + user() + "@" + host() + ":" + port() + "/" + database();
    }
}
