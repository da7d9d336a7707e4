package dev.sieve.storage.pg;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a database client failure into a {@link SieveException} that is safe to show: the
 * messages PostgreSQL sends (and their DETAIL) can quote row values, so they are never passed on,
 * and the original exception is not attached as the cause.
 */
public final class DatabaseFailures {
    private static final String CHECK_VIOLATION = "23514";

    private DatabaseFailures() {
    }

    /** The failure to report for {@code failure}: unavailable (retry later) or internal. */
    public static SieveException classify(Throwable failure) {
        if (failure instanceof SieveException known) {
            return known;
        }
        if (isMissingPartition(failure)) {
            return new SieveException(ErrorCode.STORAGE_UNAVAILABLE, "storage is being prepared; retry shortly");
        }
        if (isUnavailable(failure)) {
            return new SieveException(ErrorCode.STORAGE_UNAVAILABLE, "database unavailable");
        }
        return new SieveException(ErrorCode.INTERNAL, "storage error" + sqlStateSuffix(failure));
    }

    /** Whether the row had no partition of {@code events} to go to (the partitions are behind). */
    public static boolean isMissingPartition(Throwable failure) {
        return failure instanceof PgException pg
                && CHECK_VIOLATION.equals(pg.getSqlState())
                && pg.getConstraint() == null
                && pg.getErrorMessage() != null
                && pg.getErrorMessage().startsWith("no partition of relation");
    }

    /** Connection refused, lost or timed out, server shutting down or out of resources. */
    public static boolean isUnavailable(Throwable failure) {
        if (failure instanceof DatabaseException db) {
            String state = db.getSqlState();
            return state != null && (state.startsWith("08") // connection exception
                    || state.startsWith("53") // insufficient resources, e.g. too many connections
                    || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")); // shutdown
        }
        return failure instanceof IOException // ConnectException, ClosedChannelException, ...
                || failure instanceof TimeoutException
                || failure instanceof VertxException; // closed connection, pool closed, connect timeout
    }

    /** A description for logs: the exception type and SQLSTATE, never its message. */
    public static String describe(Throwable failure) {
        return failure.getClass().getName() + sqlStateSuffix(failure);
    }

    private static String sqlStateSuffix(Throwable failure) {
        return failure instanceof DatabaseException db && db.getSqlState() != null
                ? " (SQLSTATE " + db.getSqlState() + ")" : "";
    }
}
