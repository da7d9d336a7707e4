package dev.sieve.ingest.decode;

import java.util.Objects;

/**
 * Why the event at {@code index} (0-based position in the request) was not accepted. The message
 * is safe to show to the client: it names fields, indexes and limits, never values.
 */
public record Rejection(int index, RejectionCode code, String message) {

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
