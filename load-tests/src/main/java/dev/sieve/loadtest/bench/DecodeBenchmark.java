package dev.sieve.loadtest.bench;

import dev.sieve.ingest.decode.DecodedBatch;
import dev.sieve.ingest.decode.EventDecoder;
import dev.sieve.loadtest.generator.EventIds;
import dev.sieve.loadtest.generator.RequestBodies;
import dev.sieve.loadtest.generator.SyntheticEvents;
import dev.sieve.loadtest.generator.TemplateMix;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The service's decoder on one batch-100 request body of the generator's events: the work before
 * enforcement, for comparison with it. One operation is 100 events.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {
    private EventDecoder decoder;
    private byte[][] bodies;
    private int next;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() {
        decoder = EventDecoder.withDefaults();
        now = Instant.now();
        RequestBodies source = new RequestBodies(SyntheticEvents.templates(11, 1009, 30_000, TemplateMix.GRANTED, now),
                new EventIds(1), 100, false);
        bodies = new byte[16][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = source.body(i).getBytes();
        }
    }

    @Benchmark
    public DecodedBatch decodeBatchOf100() {
        byte[] body = bodies[next];
        next = (next + 1) & 15;
        return decoder.decode(body, "application/json", null, "127.0.0.1", now);
    }
}
