package dev.sieve.ingest.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/** A fixed receive time, connection address and id sequence, so decoding is deterministic. */
final class DecodeFixtures {
    static final Instant RECEIVED_AT = Instant.parse("2026-11-29T12:00:00Z");
    static final String CONNECTION_IP = "198.51.100.1";

    private DecodeFixtures() {
    }

    /** Version-4-shaped ids 00000000-0000-4000-8000-000000000001, ...002, ... */
    static Supplier<UUID> sequentialIds() {
        AtomicLong next = new AtomicLong();
        return () -> new UUID(0x4000L, 0x8000_0000_0000_0000L | next.incrementAndGet());
    }

    static EventDecoder decoder() {
        return decoder(DecodeLimits.defaults());
    }

    static EventDecoder decoder(DecodeLimits limits) {
        return new EventDecoder(limits, EventDecoder.DEFAULT_TYPE_PURPOSES, sequentialIds());
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
