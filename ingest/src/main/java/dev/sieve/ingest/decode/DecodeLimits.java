package dev.sieve.ingest.decode;

/**
 * Bounds on what one {@code POST /v1/events} request may cost to decode.
 *
 * @param maxBodyBytes      request body size, checked on the bytes received and again while
 *                          inflating gzip (inflation stops one byte past it, so a gzip bomb costs
 *                          at most this much memory)
 * @param maxEventBytes     one event's JSON as sent (the bytes from its '{' to its '}', or its
 *                          NDJSON line), after decompression
 * @param maxEventsPerBatch events (valid or not) in one request
 * @param maxDepth          nesting of objects and arrays inside {@code properties}; the
 *                          {@code properties} object itself is depth 1
 * @param maxStringLength   characters in one string or key inside {@code properties}
 */
public record DecodeLimits(
        int maxBodyBytes,
        int maxEventBytes,
        int maxEventsPerBatch,
        int maxDepth,
        int maxStringLength) {

    public DecodeLimits {
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxEventBytes", maxEventBytes);
        positive("maxEventsPerBatch", maxEventsPerBatch);
        positive("maxDepth", maxDepth);
        positive("maxStringLength", maxStringLength);
        if (maxEventBytes > maxBodyBytes) {
            throw new IllegalArgumentException("maxEventBytes must not exceed maxBodyBytes");
        }
    }

    /** 512 KiB per request, 32 KiB per event, 2,500 events, depth 8, 8 KiB strings (DESIGN, "Security"). */
    public static DecodeLimits defaults() {
        return new DecodeLimits(512 * 1024, 32 * 1024, 2_500, 8, 8 * 1024);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
