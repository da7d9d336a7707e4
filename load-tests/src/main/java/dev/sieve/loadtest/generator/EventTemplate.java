package dev.sieve.loadtest.generator;

import java.nio.charset.StandardCharsets;

/**
 * One synthetic event as JSON bytes without its id: {@code {"id":"} + a fresh id + {@link #rest}.
 * Sending the same template many times with different ids gives the service fresh events of a
 * known shape at almost no cost to the generator.
 *
 * @param rest      the JSON text after the id value, starting with the id's closing quote
 * @param subjectId the user (or anonymous) id the event belongs to
 * @param stored    whether the service should store it (false: dropped for lack of consent)
 */
public record EventTemplate(byte[] rest, String subjectId, boolean stored) {
    static final byte[] HEAD = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Bytes this event takes in a body. */
    public int length() {
        return HEAD.length + EventIds.TEXT_LENGTH + rest.length;
    }

    /** Writes the event with the id of {@code counter} at {@code offset}; returns the next offset. */
    public int write(EventIds ids, long counter, byte[] out, int offset) {
        System.arraycopy(HEAD, 0, out, offset, HEAD.length);
        int p = offset + HEAD.length;
        ids.writeText(counter, out, p);
        p += EventIds.TEXT_LENGTH;
        System.arraycopy(rest, 0, out, p, rest.length);
        return p + rest.length;
    }
}
