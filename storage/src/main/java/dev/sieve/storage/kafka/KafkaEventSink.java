package dev.sieve.storage.kafka;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.enforcement.sink.WriteResult;
import dev.sieve.storage.pg.OwnerContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces enforced events to the events topic. A write succeeds once the broker acknowledged
 * every one of its records from all in-sync replicas ({@code acks=all}, idempotent producer); the
 * storage consumers then store them. Records are keyed by the user's pseudonym (else the
 * anonymous one, else the event id), so one user's events keep their order.
 *
 * <p>Bounded: at most {@code maxInFlightRecords} records await acknowledgement; a write beyond
 * that fails at once with {@link ErrorCode#WRITER_SATURATED}. A write whose records are not
 * acknowledged within the delivery timeout fails with {@link ErrorCode#STORAGE_UNAVAILABLE}
 * (some of its records may have been stored: a retry is deduplicated on the event id).
 *
 * <p>One instance per event loop, created on it; the {@link Producer} is shared. Sends run on an
 * ordered worker (a send may block while topic metadata or buffer space is missing), and the
 * write completes back on the event loop.
 */
public final class KafkaEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Context context;
    private final OwnerContext owner;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final int maxInFlightRecords;
    private final EnforcedEventCodec codec = new EnforcedEventCodec();
    // volatile: read by metrics gauges on other threads; written on the context only
    private volatile int inFlightRecords;
    private long lastFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

    /** Must be created on the event loop it will write from. */
    public KafkaEventSink(Vertx vertx, Producer<String, byte[]> producer, String topic, int maxInFlightRecords) {
        this.context = vertx.getOrCreateContext();
        this.owner = new OwnerContext(context);
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        if (maxInFlightRecords < 1) {
            throw new IllegalArgumentException("maxInFlightRecords must be at least 1");
        }
        this.maxInFlightRecords = maxInFlightRecords;
    }

    @Override
    public Future<WriteResult> write(List<EnforcedEvent> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture(WriteResult.EMPTY);
        }
        List<EnforcedEvent> copy = List.copyOf(events);
        return owner.call(() -> send(copy));
    }

    /** Records sent and not yet acknowledged (or failed). */
    public int inFlightRecords() {
        return inFlightRecords;
    }

    /** The record key: one user's events go to one partition, in order. */
    static String key(EnforcedEvent event) {
        if (event.userKey() != null) {
            return event.userKey();
        }
        return event.anonymousKey() != null ? event.anonymousKey() : event.eventId().toString();
    }

    private Future<WriteResult> send(List<EnforcedEvent> events) {
        int count = events.size();
        if (inFlightRecords + count > maxInFlightRecords) {
            return Future.failedFuture(new SieveException(ErrorCode.WRITER_SATURATED,
                    "the event log producer is saturated; retry later"));
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (EnforcedEvent event : events) {
            records.add(new ProducerRecord<>(topic, key(event), codec.encode(event)));
        }
        inFlightRecords += count;
        Promise<WriteResult> result = Promise.promise();
        Acknowledgements acks = new Acknowledgements(count, failure -> context.runOnContext(v -> {
            inFlightRecords -= count;
            if (failure == null) {
                result.complete(new WriteResult(count, 0));
            } else {
                logFailure(failure);
                result.fail(KafkaFailures.classify(failure));
            }
        }));
        context.executeBlocking(() -> {
            sendAll(records, acks);
            return null;
        }, true).onFailure(refused -> acks.refused(count, refused)); // not run at all (Vert.x closing)
        return result.future();
    }

    /** On the worker. Stops at the first failure: the rest would only wait for the same timeout. */
    private void sendAll(List<ProducerRecord<String, byte[]>> records, Acknowledgements acks) {
        acks.started();
        for (int i = 0; i < records.size(); i++) {
            if (acks.failed()) {
                acks.skip(records.size() - i);
                return;
            }
            try {
                producer.send(records.get(i), acks::record);
            } catch (RuntimeException e) {
                acks.record(null, e);
                acks.skip(records.size() - i - 1);
                return;
            }
        }
    }

    private void logFailure(Throwable failure) {
        long now = System.nanoTime();
        if (now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
            lastFailureLogNanos = now;
            LOG.warn("events were not acknowledged by Kafka: {} (further failures within 5 s not logged)",
                    KafkaFailures.describe(failure));
        }
    }

    /** Counts the outcomes of one write's records (on Kafka's I/O thread) and reports once all are in. */
    private static final class Acknowledgements {
        private final AtomicInteger outstanding;
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        private final java.util.function.Consumer<Exception> done;
        private volatile boolean started;

        Acknowledgements(int records, java.util.function.Consumer<Exception> done) {
            this.outstanding = new AtomicInteger(records);
            this.done = done;
        }

        void record(RecordMetadata metadata, Exception failure) {
            if (failure != null) {
                firstFailure.compareAndSet(null, failure);
            }
            countDown(1);
        }

        void started() {
            started = true;
        }

        /** The worker never ran the sends: every record failed. */
        void refused(int records, Throwable cause) {
            if (!started) {
                firstFailure.compareAndSet(null, cause instanceof Exception e ? e : new IllegalStateException(cause));
                countDown(records);
            }
        }

        boolean failed() {
            return firstFailure.get() != null;
        }

        /** Records never sent because an earlier one failed. */
        void skip(int records) {
            if (records > 0) {
                countDown(records);
            }
        }

        private void countDown(int records) {
            if (outstanding.addAndGet(-records) == 0) {
                done.accept(firstFailure.get());
            }
        }
    }
}
