package dev.sieve.storage.kafka;

import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.pg.NamedPool;
import dev.sieve.storage.pg.WriterObserver;
import dev.sieve.storage.pg.WriterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/**
 * A storage consumer's PostgreSQL: its own pool (one connection per writer batch in flight, one
 * for dead letters), a group-commit writer, and the dead-letter table.
 */
public final class PgStorageTarget implements KafkaStorageConsumer.Target {
    /** Pools get distinct names, so that each has its own pool meters. */
    private static final java.util.concurrent.atomic.AtomicInteger POOLS = new java.util.concurrent.atomic.AtomicInteger();
    private final Pool pool;
    private final GroupCommitWriter writer;
    private final DeadLetters deadLetters;

    private PgStorageTarget(Pool pool, GroupCommitWriter writer, DeadLetters deadLetters) {
        this.pool = pool;
        this.writer = writer;
        this.deadLetters = deadLetters;
    }

    /** Call on the consumer's event loop (the writer lives there). */
    public static PgStorageTarget open(Vertx vertx, PgConnectOptions connect, WriterSettings writer,
                                       WriterObserver observer) {
        Pool pool = NamedPool.create(vertx, connect, "storage-" + POOLS.incrementAndGet(),
                writer.maxInFlightBatches() + 1);
        return new PgStorageTarget(pool, new GroupCommitWriter(vertx, pool, writer, observer), new PgDeadLetters(pool));
    }

    @Override
    public EventSink events() {
        return writer;
    }

    /** The writer, for its gauges (queued rows, batches in flight). */
    public GroupCommitWriter writer() {
        return writer;
    }

    @Override
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public Future<Void> close() {
        return pool.close();
    }
}
