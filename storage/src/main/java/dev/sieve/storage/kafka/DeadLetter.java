package dev.sieve.storage.kafka;

import java.util.Objects;

/**
 * A record the storage consumer could not store and skipped: where it is on the topic and why.
 * Never its content (an operator reads it from the topic while it is retained).
 *
 * @param error a safe description: the exception type and a message that quotes no value
 */
public record DeadLetter(String topic, int partition, long offset, String error) {

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(error, "error");
    }
}
