package dev.sieve.ingest.boot;

import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.ingest.config.SieveConfig;
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.pg.NamedPool;
import dev.sieve.storage.pg.WriterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/** Direct mode: one event loop's own pool and group-commit writer. */
final class DirectLoopSink implements LoopSink {
    /** Pools get distinct names, so that each has its own pool meters. */
    private static final java.util.concurrent.atomic.AtomicInteger POOLS = new java.util.concurrent.atomic.AtomicInteger();
    private final SieveConfig config;
    private final PgConnectOptions connect;
    private final SharedServices shared;
    private Pool pool;
    private GroupCommitWriter writer;

    DirectLoopSink(SieveConfig config, PgConnectOptions connect, SharedServices shared) {
        this.config = config;
        this.connect = connect;
        this.shared = shared;
    }

    static WriterSettings writerSettings(SieveConfig config) {
        SieveConfig.Writer w = config.writer();
        return new WriterSettings(w.batchRows(), w.quietSplitRows(), w.batchDelay(), w.inFlightBatches(), w.queueRows());
    }

    @Override
    public EventSink open(Vertx vertx) {
        pool = NamedPool.create(vertx, connect, "events-" + POOLS.incrementAndGet(), config.pgPoolSize());
        writer = new GroupCommitWriter(vertx, pool, writerSettings(config), shared.writerObserver());
        shared.writers().add(writer);
        return writer;
    }

    @Override
    public Future<Void> close() {
        if (writer != null) {
            shared.writers().remove(writer);
        }
        return pool == null ? Future.succeededFuture() : pool.close();
    }
}
