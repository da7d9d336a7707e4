package dev.sieve.loadtest.limits;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.EnforcementOutcome;
import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.loadtest.generator.EventIds;
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.pg.WriterObserver;
import dev.sieve.storage.pg.WriterSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One event loop's group-commit writer, fed without HTTP: {@code writesInFlight} writes of
 * {@code rowsPerWrite} rows are kept outstanding, as that many clients posting batches would.
 * With {@code enforce} each row is first enforced from its decoded event (the service's work
 * between decoding and writing); without, pre-enforced rows are written.
 */
final class WriterLane extends VerticleBase {
    private final PgConnectOptions connect;
    private final int poolSize;
    private final WriterSettings settings;
    private final SameRows rows;
    private final EventIds ids;
    private final AtomicLong counter;
    private final int rowsPerWrite;
    private final int writesInFlight;
    private final boolean enforce;
    private final BooleanSupplier running;
    private final AtomicLong stored;
    private Pool pool;
    private GroupCommitWriter writer;
    private final Enforcer enforcer;
    private Policy policy;

    WriterLane(PgConnectOptions connect, int poolSize, WriterSettings settings, SameRows rows, EventIds ids,
               AtomicLong counter, int rowsPerWrite, int writesInFlight, boolean enforce, BooleanSupplier running,
               AtomicLong stored, Enforcer enforcer) {
        this.connect = connect;
        this.poolSize = poolSize;
        this.settings = settings;
        this.rows = rows;
        this.ids = ids;
        this.counter = counter;
        this.rowsPerWrite = rowsPerWrite;
        this.writesInFlight = writesInFlight;
        this.enforce = enforce;
        this.running = running;
        this.stored = stored;
        this.enforcer = enforcer;
    }

    @Override
    public Future<?> start() {
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(poolSize)).connectingTo(connect).using(vertx).build();
        writer = new GroupCommitWriter(vertx, pool, settings, WriterObserver.NONE);
        policy = SameRows.policy();
        for (int i = 0; i < writesInFlight; i++) {
            writeNext();
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return pool.close();
    }

    private void writeNext() {
        if (!running.getAsBoolean()) {
            return;
        }
        writer.write(nextRows()).onComplete(done -> {
            if (done.succeeded()) {
                stored.addAndGet(done.result().stored());
                writeNext();
            } else {
                // Saturated or failing: back off briefly instead of spinning.
                vertx.setTimer(10, id -> writeNext());
            }
        });
    }

    private List<EnforcedEvent> nextRows() {
        long first = counter.getAndAdd(rowsPerWrite);
        int n = rows.size();
        List<EnforcedEvent> out = new ArrayList<>(rowsPerWrite);
        for (long c = first; c < first + rowsPerWrite; c++) {
            int template = (int) (c % n);
            if (enforce) {
                Event event = rows.eventCopy(template, ids.id(c));
                EnforcementOutcome outcome = enforcer.apply(event, rows.consent(template), policy);
                out.add(outcome.event());
            } else {
                out.add(rows.enforcedCopy(template, ids.id(c)));
            }
        }
        return out;
    }
}
