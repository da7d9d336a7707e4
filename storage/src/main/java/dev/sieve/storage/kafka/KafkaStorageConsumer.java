package dev.sieve.storage.kafka;

import dev.sieve.enforcement.sink.EventSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A storage node's member of the consumer group: poll, decode, store through the group-commit
 * writer, and only once PostgreSQL committed, commit exactly the offsets consumed; then poll again.
 * So every acknowledged event is stored, and stored once (the writer is idempotent on event ids):
 * a crash or rebalance between the database commit and the offset commit only redelivers.
 *
 * <p>When storing fails (PostgreSQL down), the consumer pauses its partitions and retries the same
 * batch with capped backoff, polling meanwhile so that it keeps its group membership; it resumes
 * once the batch is stored. Nothing is skipped and no offset of an uncommitted row is committed.
 * A record that does not decode (or that PostgreSQL refuses as such) becomes a {@link DeadLetter}
 * and is committed past. On revocation, in-flight work goes on, but its offsets are committed only
 * for partitions still owned: the new owner reads them again.
 *
 * <p>Deploy one instance per consumer wanted (each is a group member; more than the topic's
 * partitions sit idle).
 */
public final class KafkaStorageConsumer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStorageConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Where a consumer stores, opened on its event loop: the event sink and the dead letters. */
    public interface Target {
        EventSink events();

        DeadLetters deadLetters();

        Future<Void> close();
    }

    private final KafkaSettings settings;
    private final Function<Vertx, Target> targets;
    private final StorageConsumerStats stats;
    private final EnforcedEventCodec codec = new EnforcedEventCodec();
    private final Backoff backoff = new Backoff(MAX_BACKOFF);
    // Kafka reports rebalances after the fact; used to skip commits for partitions already handed over.
    private final Set<TopicPartition> owned = new HashSet<>();
    private KafkaReadStream<String, byte[]> stream;
    private Target target;
    private BatchStore store;
    private boolean paused;
    private boolean stopping;
    private long lastFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

    /**
     * @param targets opens this consumer's target on its event loop (e.g. {@link PgStorageTarget#open})
     * @param stats   shared by the node's consumers, for metrics
     */
    public KafkaStorageConsumer(KafkaSettings settings, Function<Vertx, Target> targets, StorageConsumerStats stats) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    @Override
    public Future<?> start() {
        target = targets.apply(vertx);
        store = new BatchStore(target.events(), target.deadLetters());
        // Creating a Kafka consumer takes long enough to block an event loop.
        return vertx.executeBlocking(() -> new KafkaConsumer<String, byte[]>(KafkaClientConfig.consumer(settings)))
                .compose(consumer -> {
                    stream = KafkaReadStream.create(vertx, consumer);
                    stream.partitionsAssignedHandler(owned::addAll);
                    stream.partitionsRevokedHandler(owned::removeAll);
                    stream.exceptionHandler(e -> logFailure("Kafka consumer error", e));
                    return stream.subscribe(Set.of(settings.topic()));
                })
                .onSuccess(v -> pollNext());
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (paused) {
            stats.paused(false);
        }
        if (stream == null) {
            return target.close();
        }
        // Not committing anything in flight: it is redelivered to whoever owns the partition next.
        return stream.close().recover(e -> Future.succeededFuture()).eventually(() -> target.close());
    }

    private void pollNext() {
        if (stopping) {
            return;
        }
        if (paused) {
            resumeAll().onComplete(resumed -> {
                if (resumed.failed()) {
                    logFailure("resuming partitions failed", resumed.cause());
                    vertx.setTimer(1_000, id -> pollNext());
                } else {
                    pollNext();
                }
            });
            return;
        }
        stream.poll(POLL_TIMEOUT).onComplete(polled -> {
            if (stopping) {
                return;
            }
            if (polled.failed()) {
                logFailure("polling Kafka failed", polled.cause());
                vertx.setTimer(1_000, id -> pollNext());
            } else if (polled.result().isEmpty()) {
                pollNext();
            } else {
                // Decoding a poll's records takes milliseconds: off the event loop, which may also serve HTTP.
                vertx.executeBlocking(() -> ConsumedBatch.decode(polled.result(), codec), false)
                        .onSuccess(this::storeThenCommit)
                        .onFailure(e -> {
                            logFailure("decoding consumed records failed", e);
                            seekBack(polled.result()).onComplete(v -> vertx.setTimer(1_000, id -> pollNext()));
                        });
            }
        });
    }

    private void storeThenCommit(ConsumedBatch batch) {
        store.store(batch).onComplete(stored -> {
            if (stopping) {
                return;
            }
            if (stored.failed()) {
                stats.storeFailed();
                logFailure("storing " + batch.records() + " consumed records failed; partitions paused, retrying",
                        stored.cause());
                retryPaused(batch);
                return;
            }
            stats.stored(stored.result());
            backoff.reset();
            commit(batch).onComplete(v -> pollNext());
        });
    }

    /** Waits (polling paused partitions, to stay in the group), then stores the same batch again. */
    private void retryPaused(ConsumedBatch batch) {
        Duration delay = backoff.next();
        Future<Void> pausing = paused ? Future.succeededFuture() : pauseAll();
        pausing.compose(v -> stream.poll(delay))
                .compose(this::rewind)
                .recover(e -> vertx.timer(delay.toMillis(), TimeUnit.MILLISECONDS).mapEmpty())
                .onComplete(v -> {
                    if (!stopping) {
                        storeThenCommit(batch);
                    }
                });
    }

    /**
     * Records polled while paused come from partitions assigned meanwhile (a rebalance does not
     * pause them): put them back for later, and pause those partitions too.
     */
    private Future<Void> rewind(ConsumerRecords<String, byte[]> records) {
        return records.isEmpty() ? Future.succeededFuture()
                : seekBack(records).compose(v -> stream.pause(records.partitions()));
    }

    /** Puts {@code records} back: the next poll of their partitions returns them again. */
    private Future<Void> seekBack(ConsumerRecords<String, byte[]> records) {
        Future<Void> seeks = Future.succeededFuture();
        for (TopicPartition partition : records.partitions()) {
            long first = records.records(partition).get(0).offset();
            seeks = seeks.compose(v -> stream.seek(partition, first));
        }
        return seeks;
    }

    private Future<Void> commit(ConsumedBatch batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = batch.offsetsToCommit(owned);
        if (offsets.isEmpty()) {
            return Future.succeededFuture();
        }
        return stream.commit(offsets).<Void>mapEmpty().recover(e -> {
            // Stored already: a later commit covers these records, or they are redelivered and deduplicated.
            stats.commitFailed();
            logFailure("committing offsets failed", e);
            return Future.succeededFuture();
        });
    }

    private Future<Void> pauseAll() {
        return stream.assignment().compose(stream::pause).onSuccess(v -> {
            paused = true;
            stats.paused(true);
        });
    }

    private Future<Void> resumeAll() {
        return stream.assignment().compose(stream::resume).onSuccess(v -> {
            if (paused) {
                paused = false;
                stats.paused(false);
            }
        });
    }

    private void logFailure(String what, Throwable cause) {
        long now = System.nanoTime();
        if (now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
            lastFailureLogNanos = now;
            LOG.warn("{}: {} (further failures within 5 s not logged)", what, cause.getClass().getName()
                    + (cause instanceof dev.sieve.enforcement.error.SieveException ? " " + cause.getMessage() : ""));
        }
    }
}
