package dev.sieve.storage.pg;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.enforcement.sink.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores events in PostgreSQL with group commit: the events of many concurrent writes go into one
 * insert statement (see {@link WriterSettings} for when a batch is sent), and each write's future
 * completes when every batch holding its events committed, or fails as soon as one of them fails.
 * A failed write may be retried as is: ids already stored count as duplicates.
 *
 * <p>A batch is sent first with {@link EventInsert#ALL_NEW_SQL}, the cheaper statement that fails
 * if one of its ids was stored before; then it is sent again with {@link EventInsert#SKIP_STORED_SQL},
 * and for {@link #SKIP_STORED_AFTER_DUPLICATE} the writer sends every batch that way at once,
 * since retries come in bursts (a client resending after a timeout or a restart).
 *
 * <p>One instance per event loop (per verticle instance): it lives on the context it was created
 * on, and calls from other threads hop onto it. Failures carry {@link ErrorCode#WRITER_SATURATED}
 * (nothing queued), {@link ErrorCode#STORAGE_UNAVAILABLE} or {@link ErrorCode#INTERNAL}, never
 * event data.
 */
public final class GroupCommitWriter implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long a writer skips the all-new statement after one found an id stored before. */
    static final Duration SKIP_STORED_AFTER_DUPLICATE = Duration.ofSeconds(10);

    /**
     * What a batch's statements stored: every unique row ({@code ids} null), or the ids stored now
     * (counted, then emptied, by {@link Batch#committed}); and whether the batch was sent twice.
     */
    private record Stored(Set<UUID> ids, boolean sentTwice) {
        static final Stored ALL = new Stored(null, false);

        int count(Batch batch) {
            return ids == null ? batch.uniqueRows().size() : ids.size();
        }

        void credit(Batch batch) {
            if (ids == null) {
                batch.allStored();
            } else {
                batch.committed(ids);
            }
        }
    }

    private final Vertx vertx;
    private final OwnerContext owner;
    private final Pool pool;
    private final WriterSettings settings;
    private final WriterObserver observer;
    private final PartitionMaintenance partitions;
    private final long skipStoredNanos;
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
    private int pendingRows;
    // volatile: read by metrics gauges on other threads
    private volatile int inFlightRows;
    private volatile int inFlightBatches;
    private volatile int queuedRows;
    private long delayTimer = -1;
    private boolean overdue;
    /** When the last write arrived or the last statement finished (see {@link WriterSettings}: quiet). */
    private long lastActivityNanos;
    /** A quiet write asked to send at the end of the event loop's turn, and that has not run yet. */
    private boolean turnEndFlushQueued;
    private boolean ensuringPartitions;
    /** Until then, batches go straight to the skip-stored statement (in the past at first). */
    private long skipStoredUntilNanos = System.nanoTime();
    private long lastFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

    /** Must be created on the event loop it will write from (e.g. in the verticle's start). */
    public GroupCommitWriter(Vertx vertx, Pool pool, WriterSettings settings, WriterObserver observer) {
        this(vertx, pool, settings, observer, SKIP_STORED_AFTER_DUPLICATE);
    }

    GroupCommitWriter(Vertx vertx, Pool pool, WriterSettings settings, WriterObserver observer,
                      Duration skipStoredAfterDuplicate) {
        this.skipStoredNanos = skipStoredAfterDuplicate.toNanos();
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.owner = new OwnerContext(vertx.getOrCreateContext());
        this.pool = Objects.requireNonNull(pool, "pool");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.partitions = new PartitionMaintenance(pool);
        this.lastActivityNanos = System.nanoTime() - settings.maxDelay().toNanos();
    }

    @Override
    public Future<WriteResult> write(List<EnforcedEvent> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture(WriteResult.EMPTY);
        }
        List<EnforcedEvent> copy = List.copyOf(events);
        return owner.call(() -> enqueue(copy));
    }

    /** Rows accepted and not yet committed (waiting for a batch, or in one in flight). */
    public int queuedRows() {
        return queuedRows;
    }

    public int inFlightBatches() {
        return inFlightBatches;
    }

    private Future<WriteResult> enqueue(List<EnforcedEvent> events) {
        if (queuedRows + events.size() > settings.maxQueuedRows()) {
            return Future.failedFuture(new SieveException(ErrorCode.WRITER_SATURATED,
                    "the event writer is saturated; retry later"));
        }
        PendingWrite write = new PendingWrite(events);
        pending.addLast(write);
        pendingRows += events.size();
        updateQueuedRows();
        if (settings.sendsWhenQuiet() && wasQuiet() && !turnEndFlushQueued) {
            // Not at once: other requests read in the same turn of the event loop join it.
            turnEndFlushQueued = true;
            owner.later(() -> {
                turnEndFlushQueued = false;
                schedule(true);
            });
        }
        schedule(false);
        return write.promise().future();
    }

    /**
     * Whether the writer was idle: no statement in flight, and nothing arrived and no statement
     * finished for {@code maxDelay}. Now counts as activity.
     */
    private boolean wasQuiet() {
        long now = System.nanoTime();
        boolean quiet = inFlightBatches == 0 && now - lastActivityNanos >= settings.maxDelay().toNanos();
        lastActivityNanos = now;
        return quiet;
    }

    /**
     * Sends what is due while there is room in flight; arms the delay timer for the rest.
     * {@code quiet}: this is the end of the turn in which a quiet write came, so everything pending
     * is due and is spread over the free connections.
     */
    private void schedule(boolean quiet) {
        while (inFlightBatches < settings.maxInFlightBatches() && pendingRows > 0
                && (quiet || overdue || pendingRows >= settings.maxBatchRows())) {
            int connections = quiet ? settings.maxInFlightBatches() - inFlightBatches : 1;
            send(nextBatch(settings.nextBatchRows(pendingRows, connections)));
        }
        if (pendingRows == 0) {
            overdue = false;
            cancelDelayTimer();
        } else if (!overdue && delayTimer < 0) {
            delayTimer = vertx.setTimer(settings.maxDelayMillis(), id -> {
                delayTimer = -1;
                overdue = true;
                schedule(false);
            });
        }
    }

    private Batch nextBatch(int rows) {
        Batch batch = new Batch();
        int room = rows;
        while (room > 0 && !pending.isEmpty()) {
            PendingWrite write = pending.peekFirst();
            List<EnforcedEvent> slice = write.take(room);
            batch.add(write, slice);
            room -= slice.size();
            pendingRows -= slice.size();
            if (write.untakenRows() == 0) {
                pending.removeFirst();
            }
        }
        return batch;
    }

    private void send(Batch batch) {
        inFlightBatches++;
        inFlightRows += batch.rows();
        long started = System.nanoTime();
        // The client answers on the context that sent the query; owner.run guards the confinement anyway.
        execute(batch).onComplete(answer -> owner.run(() -> {
            lastActivityNanos = System.nanoTime();
            inFlightBatches--;
            inFlightRows -= batch.rows();
            if (answer.succeeded()) {
                committed(batch, answer.result(), System.nanoTime() - started);
            } else {
                failed(batch, answer.cause());
            }
            schedule(false);
        }));
    }

    private Future<Stored> execute(Batch batch) {
        try {
            Tuple rows = EventInsert.bind(batch.uniqueRows());
            if (System.nanoTime() - skipStoredUntilNanos < 0) {
                return skipStored(rows, false);
            }
            return pool.preparedQuery(EventInsert.ALL_NEW_SQL).execute(rows)
                    .map(done -> Stored.ALL)
                    .recover(failure -> EventInsert.isIdStoredBefore(failure)
                            ? skipStored(rows, true) : Future.failedFuture(failure));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Stored> skipStored(Tuple rows, boolean sentTwice) {
        return pool.preparedQuery(EventInsert.SKIP_STORED_SQL).execute(rows).map(inserted -> {
            Set<UUID> ids = new HashSet<>(inserted.size() * 2);
            for (Row row : inserted) {
                ids.add(row.getUUID(0));
            }
            return new Stored(ids, sentTwice);
        });
    }

    private void committed(Batch batch, Stored stored, long commitNanos) {
        if (stored.sentTwice()) {
            skipStoredUntilNanos = System.nanoTime() + skipStoredNanos;
            observer.batchSentTwice(batch.uniqueRows().size());
        }
        // Gauges and observer first: once a write completes, its caller may read them.
        updateQueuedRows();
        observer.batchCommitted(batch.uniqueRows().size(), stored.count(batch), commitNanos);
        stored.credit(batch);
    }

    private void failed(Batch batch, Throwable cause) {
        SieveException failure = DatabaseFailures.classify(cause);
        logFailure(batch, cause);
        if (DatabaseFailures.isMissingPartition(cause)) {
            ensurePartitionsOnce();
        }
        for (PendingWrite write : batch.writes()) {
            // The rest of a failed write is not sent: its caller retries the whole write anyway.
            if (write.untakenRows() > 0) {
                pendingRows -= write.dropUntaken();
                pending.remove(write);
            }
        }
        updateQueuedRows();
        observer.batchFailed(batch.uniqueRows().size(), failure);
        batch.failed(failure);
    }

    private void ensurePartitionsOnce() {
        if (ensuringPartitions) {
            return;
        }
        ensuringPartitions = true;
        partitions.ensurePartitions()
                .onFailure(e -> LOG.warn("could not create event partitions: {}", DatabaseFailures.describe(e)))
                .onComplete(done -> ensuringPartitions = false);
    }

    private void logFailure(Batch batch, Throwable cause) {
        long now = System.nanoTime();
        if (now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
            lastFailureLogNanos = now;
            LOG.warn("an event batch of {} rows failed: {} (further failures within 5 s not logged)",
                    batch.rows(), DatabaseFailures.describe(cause));
        }
    }

    private void cancelDelayTimer() {
        if (delayTimer >= 0) {
            vertx.cancelTimer(delayTimer);
            delayTimer = -1;
        }
    }

    private void updateQueuedRows() {
        queuedRows = pendingRows + inFlightRows;
    }
}
