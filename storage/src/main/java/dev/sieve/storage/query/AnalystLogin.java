package dev.sieve.storage.query;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The analysts' SQL login: a PostgreSQL role that can log in, is a member of {@code sieve_analyst}
 * (SELECT on the views of schema {@code analytics}, nothing else), runs read-only sessions with a
 * statement timeout and search_path {@code analytics}. Called at start when a password is
 * configured; idempotent (an existing login gets the new password and settings). The service's
 * database user needs CREATEROLE.
 */
public final class AnalystLogin {
    /** What PostgreSQL accepts unquoted and what we accept at all. */
    public static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String ENSURE = "SELECT sieve_ensure_analyst_login($1, $2, $3)";

    private AnalystLogin() {
    }

    /**
     * Creates or updates the login {@code login} with {@code password}.
     *
     * @param statementTimeout the statement timeout of the login's sessions
     * @return fails with {@link ErrorCode#INVALID_REQUEST} for a bad name or password, or with a
     *         message saying what is missing (CREATEROLE, or the group role); the password never
     *         appears in a message or on the wire (a SCRAM verifier is sent instead)
     */
    public static Future<Void> ensure(Pool pool, String login, String password, Duration statementTimeout) {
        if (login == null || !NAME.matcher(login).matches() || login.startsWith("pg_")) {
            return Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST,
                    "the analyst login must match [a-z_][a-z0-9_]{0,62} and not start with pg_"));
        }
        if (password == null || password.length() < 12 || !password.chars().allMatch(c -> c > 32 && c < 127)) {
            return Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST,
                    "the analyst password needs at least 12 printable ASCII characters without spaces"));
        }
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, statementTimeout.toMillis());
        return pool.preparedQuery(ENSURE).execute(Tuple.of(login, ScramVerifier.of(password), timeoutMs))
                .<Void>mapEmpty()
                .recover(failure -> Future.failedFuture(classify(failure)));
    }

    private static SieveException classify(Throwable failure) {
        if (failure instanceof DatabaseException db && db.getSqlState() != null) {
            switch (db.getSqlState()) {
                case "42501":
                    return new SieveException(ErrorCode.INTERNAL, "cannot create the analyst login: the database user"
                            + " lacks CREATEROLE, or a role of that name exists and is not an analyst login");
                case "42704":
                    return new SieveException(ErrorCode.INTERNAL, "cannot create the analyst login: role sieve_analyst"
                            + " is missing (create it as a superuser, see docs/analysts.md)");
                case "22023":
                    return new SieveException(ErrorCode.INVALID_REQUEST, "not an acceptable analyst login name");
                default:
                    break;
            }
        }
        return DatabaseFailures.classify(failure);
    }
}
