package dev.sieve.ingest.boot;

import dev.sieve.enforcement.DropReason;
import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.ingest.config.NodeRole;
import dev.sieve.ingest.config.SieveConfig;
import dev.sieve.ingest.http.ReadinessCheck;
import dev.sieve.ingest.metrics.IngestMetrics;
import dev.sieve.storage.kafka.ConsumerGroupLag;
import dev.sieve.storage.kafka.DeadLetters;
import dev.sieve.storage.kafka.EventProducer;
import dev.sieve.storage.kafka.EventTopic;
import dev.sieve.storage.kafka.KafkaEventSink;
import dev.sieve.storage.kafka.KafkaReachability;
import dev.sieve.storage.kafka.KafkaSettings;
import dev.sieve.storage.kafka.KafkaStorageConsumer;
import dev.sieve.storage.kafka.PgStorageTarget;
import dev.sieve.storage.kafka.StorageConsumerStats;
import dev.sieve.storage.pg.WriterSettings;
import dev.sieve.storage.rights.QuarantiningSink;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's Kafka side, by role: the topic (ensured at start), the one producer whose per-loop sinks
 * replace the group-commit writers of direct mode (ingest), the storage consumers writing through
 * their own group-commit writers and the group's lag (storage), a readiness check and the meters.
 * Blocking start and close: call them from the composition root.
 */
final class KafkaNode {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LAG_INTERVAL = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final NodeRole role;
    private final SieveConfig.Kafka config;
    private final EventProducer producer;
    private final KafkaReachability reachability;
    private final List<KafkaEventSink> sinks = new CopyOnWriteArrayList<>();
    private final StorageConsumerStats stats = new StorageConsumerStats();
    // volatile: read by the lag gauge on scrape threads; set once by the composition root
    private volatile ConsumerGroupLag lag;
    private String consumers;

    private KafkaNode(Vertx vertx, NodeRole role, SieveConfig.Kafka config, EventProducer producer,
                      KafkaReachability reachability) {
        this.vertx = vertx;
        this.role = role;
        this.config = config;
        this.producer = producer;
        this.reachability = reachability;
    }

    /** Ensures the topic (when configured to), then starts the producer if the role produces. */
    static KafkaNode start(Vertx vertx, NodeRole role, SieveConfig.Kafka config) {
        KafkaSettings settings = config.settings();
        LOG.info("role {}: {}", role.wireName(), settings);
        if (config.createTopic()) {
            EventTopic.ensure(settings, TOPIC_TIMEOUT);
        }
        EventProducer producer = role.produces() ? EventProducer.start(settings) : null;
        return new KafkaNode(vertx, role, config, producer, KafkaReachability.start(settings));
    }

    /** {@code kafka}: the cluster answers. */
    ReadinessCheck readiness() {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "kafka";
            }

            @Override
            public Future<Void> check() {
                return reachability.check(vertx);
            }
        };
    }

    /** An event loop's sink to the topic (ingest role). */
    LoopSink loopSink() {
        return new LoopSink() {
            private KafkaEventSink sink;

            @Override
            public EventSink open(Vertx loopVertx) {
                sink = producer.sink(loopVertx);
                sinks.add(sink);
                return sink;
            }

            @Override
            public Future<Void> close() {
                sinks.remove(sink);
                return Future.succeededFuture();
            }
        };
    }

    /**
     * Deploys the storage consumers (storage role). Each writes through its own group-commit writer
     * and drops the events of users under erasure quarantine, as ingest does: an event enforced before
     * an erasure may still be on the topic after it.
     */
    void startConsumers(PgConnectOptions connect, WriterSettings writer, SharedServices shared) {
        AtomicInteger instance = new AtomicInteger();
        consumers = vertx.deployVerticle(() -> new KafkaStorageConsumer(memberSettings(instance.getAndIncrement()),
                                v -> quarantining(
                                PgStorageTarget.open(v, connect, writer, shared.writerObserver()), shared), stats),
                        new DeploymentOptions().setInstances(config.consumers()))
                .await();
        lag = ConsumerGroupLag.start(vertx, config.settings(), LAG_INTERVAL);
    }

    /** Static members of one group need distinct instance ids: the node's id, numbered when it runs several consumers. */
    private KafkaSettings memberSettings(int index) {
        KafkaSettings settings = config.settings();
        if (config.consumers() == 1 || settings.groupInstanceId().isEmpty()) {
            return settings;
        }
        return settings.withGroup(settings.groupId(), settings.groupInstanceId().map(id -> id + "-" + index));
    }

    private static KafkaStorageConsumer.Target quarantining(PgStorageTarget target, SharedServices shared) {
        shared.writers().add(target.writer());
        EventSink events = new QuarantiningSink(target.events(), shared.quarantine(),
                n -> shared.metrics().dropped(DropReason.ERASED_USER, n));
        return new KafkaStorageConsumer.Target() {
            @Override
            public EventSink events() {
                return events;
            }

            @Override
            public DeadLetters deadLetters() {
                return target.deadLetters();
            }

            @Override
            public Future<Void> close() {
                shared.writers().remove(target.writer());
                return target.close();
            }
        };
    }

    void meters(IngestMetrics metrics) {
        if (role.produces()) {
            metrics.gauge("sieve.kafka.producer.inflight.records", "Records awaiting the broker's acknowledgement",
                    sinks, ss -> ss.stream().mapToInt(KafkaEventSink::inFlightRecords).sum());
        }
        if (role.consumes()) {
            metrics.gauge("sieve.kafka.consumer.lag", "Records on the topic not yet committed by the storage group"
                    + " (-1: unknown)", this, n -> n.lag == null ? -1 : n.lag.lag());
            metrics.gauge("sieve.kafka.consumer.paused", "Consumers of this node paused because storing fails",
                    stats, StorageConsumerStats::pausedConsumers);
            metrics.counter("sieve.kafka.consumer.stored.events", "Events stored from the topic", stats,
                    StorageConsumerStats::storedEvents);
            metrics.counter("sieve.kafka.consumer.duplicate.events", "Consumed events that were stored already",
                    stats, StorageConsumerStats::duplicateEvents);
            metrics.counter("sieve.kafka.consumer.dead.letters", "Records skipped as dead letters", stats,
                    StorageConsumerStats::deadLetters);
            metrics.counter("sieve.kafka.consumer.store.failures", "Failed batch stores (retried)", stats,
                    StorageConsumerStats::storeFailures);
            metrics.counter("sieve.kafka.consumer.commit.failures", "Failed offset commits", stats,
                    StorageConsumerStats::commitFailures);
        }
    }

    /**
     * Stops consuming (uncommitted work is redelivered to the next owner), then sends what the
     * producer holds and waits for its acknowledgements (at most 10 s).
     */
    void close() {
        if (consumers != null) {
            try {
                vertx.undeploy(consumers).timeout(30, TimeUnit.SECONDS).await();
            } catch (RuntimeException e) {
                LOG.warn("stopping the storage consumers failed: {}", e.getClass().getSimpleName());
            }
        }
        if (lag != null) {
            lag.close();
        }
        if (producer != null) {
            producer.close();
        }
        reachability.close();
    }
}
