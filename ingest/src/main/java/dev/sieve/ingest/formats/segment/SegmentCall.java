package dev.sieve.ingest.formats.segment;

import java.util.Locale;

/** The Segment Tracking API methods; {@link #BATCH} also serves {@code /v1/import}. */
public enum SegmentCall {
    TRACK,
    IDENTIFY,
    PAGE,
    SCREEN,
    GROUP,
    ALIAS,
    BATCH;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The call's name as in a message's {@code type}, and the event type it is stored under (except track). */
    public String wireName() {
        return wireName;
    }

    /** The method a batch item's {@code type} names, or null; {@code batch} is not a message type. */
    public static SegmentCall ofType(String type) {
        for (SegmentCall c : values()) {
            if (c != BATCH && c.wireName.equals(type)) {
                return c;
            }
        }
        return null;
    }
}
