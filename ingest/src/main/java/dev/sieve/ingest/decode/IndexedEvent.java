package dev.sieve.ingest.decode;

import dev.sieve.enforcement.event.Event;
import java.util.Objects;

/**
 * A decoded event and its 0-based position in the request (array element, or non-blank NDJSON
 * line), so answers and rejections can point back at what the client sent.
 */
public record IndexedEvent(int index, Event event) {

    public IndexedEvent {
        Objects.requireNonNull(event, "event");
    }
}
