package dev.sieve.storage.kafka;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Turns a Kafka client failure into a {@link SieveException} that is safe to show: the broker
 * could not be reached or did not acknowledge in time (unavailable, retry later), or something
 * else (internal). Kafka's messages are not passed on.
 */
final class KafkaFailures {
    private KafkaFailures() {
    }

    static SieveException classify(Throwable failure) {
        if (failure instanceof SieveException known) {
            return known;
        }
        if (isUnavailable(failure)) {
            return new SieveException(ErrorCode.STORAGE_UNAVAILABLE, "event log unavailable");
        }
        return new SieveException(ErrorCode.INTERNAL, "event log error");
    }

    /**
     * Timeouts (no acknowledgement within the delivery timeout, no metadata within max.block.ms),
     * lost connections, too few in-sync replicas, a closed producer, and credentials the cluster
     * refuses (an operator must fix them, but the event was not accepted: retry later).
     */
    static boolean isUnavailable(Throwable failure) {
        return failure instanceof RetriableException // includes TimeoutException, NotEnoughReplicas, NetworkException
                || failure instanceof AuthenticationException
                || failure instanceof AuthorizationException
                || failure instanceof InterruptException
                || failure instanceof IllegalStateException // producer closed
                || (failure instanceof KafkaException && failure.getCause() instanceof RetriableException);
    }

    /** For logs: the exception type only. */
    static String describe(Throwable failure) {
        return failure.getClass().getName();
    }
}
