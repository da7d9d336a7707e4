package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseFailuresTest {
    private static final String PERSONAL = "203.0.113.7 user-123";

    private static PgException pg(String sqlState, String message) {
        return new PgException(message + " " + PERSONAL, "ERROR", sqlState, "Failing row contains (" + PERSONAL + ")");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), ErrorCode.STORAGE_UNAVAILABLE),
                Arguments.of(ClosedConnectionException.INSTANCE, ErrorCode.STORAGE_UNAVAILABLE),
                Arguments.of(new TimeoutException("pool"), ErrorCode.STORAGE_UNAVAILABLE),
                Arguments.of(pg("08006", "connection failure"), ErrorCode.STORAGE_UNAVAILABLE),
                Arguments.of(pg("57P01", "terminating connection due to administrator command"),
                        ErrorCode.STORAGE_UNAVAILABLE),
                Arguments.of(pg("53300", "too many connections"), ErrorCode.STORAGE_UNAVAILABLE),
                Arguments.of(pg("23514", "no partition of relation \"events\" found for row"),
                        ErrorCode.STORAGE_UNAVAILABLE),
                Arguments.of(pg("23514", "new row violates check constraint"), ErrorCode.INTERNAL),
                Arguments.of(pg("22P02", "invalid input syntax for type inet"), ErrorCode.INTERNAL),
                Arguments.of(new IllegalArgumentException("can not be coerced: " + PERSONAL), ErrorCode.INTERNAL),
                Arguments.of(new SieveException(ErrorCode.WRITER_SATURATED, "full"), ErrorCode.WRITER_SATURATED));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void classifiesWithoutPassingOnTheDatabaseText(Throwable failure, ErrorCode expected) {
        SieveException classified = DatabaseFailures.classify(failure);

        assertThat(classified.code()).isEqualTo(expected);
        assertThat(classified.getMessage()).doesNotContain("203.0.113").doesNotContain("user-123");
        assertThat(DatabaseFailures.describe(failure)).doesNotContain("203.0.113").doesNotContain("user-123");
        if (!(failure instanceof SieveException)) {
            assertThat(classified.getCause()).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("failures")
    void onlyAMissingPartitionIsReportedAsOne(Throwable failure, ErrorCode expected) {
        boolean missingPartition = failure instanceof PgException pg && pg.getErrorMessage().startsWith("no partition");

        assertThat(DatabaseFailures.isMissingPartition(failure)).isEqualTo(missingPartition);
    }
}
