package dev.sieve.loadtest.generator;

import java.util.UUID;

/**
 * Event ids that look random to PostgreSQL (the high half is a bijective mix of the counter, so
 * index inserts land all over the btree as real UUIDv4 ids do) yet carry a phase tag and a
 * counter in the low half: a stored id tells which phase sent it and which event it was, so acked
 * ids can be checked against the table without keeping every UUID.
 *
 * <p>Layout: version-4 and RFC 4122 variant bits kept; low 64 bits = variant (2) | tag (30) |
 * counter (32). In text form the tag is characters 20-28 ({@code XXXX-XXXX}) and the counter the
 * last 8 hex digits.
 */
public final class EventIds {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Length of a UUID in text form. */
    public static final int TEXT_LENGTH = 36;
    public static final long MAX_COUNTER = 0xFFFF_FFFFL;

    private final int tag;
    private final long lowBits;

    public EventIds(int tag) {
        if (tag < 0) {
            throw new IllegalArgumentException("tag must be 0..2^30-1");
        }
        this.tag = tag & 0x3FFF_FFFF;
        this.lowBits = 0x8000_0000_0000_0000L | ((long) this.tag << 32);
    }

    public int tag() {
        return tag;
    }

    public UUID id(long counter) {
        return new UUID(high(counter), low(counter));
    }

    /** The SQL text (characters 20 to 28 of the UUID text) every id of this tag has. */
    public String textTag() {
        String text = id(0).toString();
        return text.substring(19, 28);
    }

    /** The counter of an id made by any {@code EventIds}: its last 32 bits. */
    public static long counterOf(UUID id) {
        return id.getLeastSignificantBits() & MAX_COUNTER;
    }

    /** The tag of an id made by any {@code EventIds}. */
    public static int tagOf(UUID id) {
        return (int) ((id.getLeastSignificantBits() >>> 32) & 0x3FFF_FFFF);
    }

    /** Writes the id's 36-character text form into {@code out} at {@code offset}. */
    public void writeText(long counter, byte[] out, int offset) {
        long hi = high(counter);
        long lo = low(counter);
        int p = offset;
        p = hex(hi >>> 32, 8, out, p);
        out[p++] = '-';
        p = hex(hi >>> 16, 4, out, p);
        out[p++] = '-';
        p = hex(hi, 4, out, p);
        out[p++] = '-';
        p = hex(lo >>> 48, 4, out, p);
        out[p++] = '-';
        hex(lo, 12, out, p);
    }

    private static int hex(long value, int digits, byte[] out, int offset) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return offset + digits;
    }

    private long high(long counter) {
        long mixed = mix(counter ^ ((long) tag << 32));
        return (mixed & 0xFFFF_FFFF_FFFF_0FFFL) | 0x0000_0000_0000_4000L;
    }

    private long low(long counter) {
        if (counter < 0 || counter > MAX_COUNTER) {
            throw new IllegalArgumentException("counter out of range: " + counter);
        }
        return lowBits | counter;
    }

    /** The splitmix64 finaliser: spreads consecutive counters over the whole key space. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
