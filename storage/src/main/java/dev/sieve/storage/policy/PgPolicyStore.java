package dev.sieve.storage.policy;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.InvalidPolicyException;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyJson;
import dev.sieve.enforcement.policy.PolicyStore;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.DatabaseFailures;
import dev.sieve.storage.pg.PgNotifications;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active policy from the {@code policies} table, kept as an immutable snapshot: {@link #active()}
 * never does I/O, {@link #load()} reads the table and swaps the snapshot, {@link #status()} says
 * what is enforced. On an empty table the first load seeds {@link DefaultPolicy} as version 1
 * (audited; concurrent first loads on several nodes seed it once).
 *
 * <p>Fails closed: when the table holds no active version, or the active document does not
 * validate, the snapshot becomes {@link Policy#failClosed()} and the status
 * {@link PolicyStatus.State#FAIL_CLOSED}; the next load that finds a valid active version
 * recovers. When the database cannot be read, the snapshot and state stay as they were (the
 * status records the failure, and {@code lastLoadedAt} shows the staleness).
 *
 * <p>Loads may overlap (a NOTIFY during the periodic reload): a load's result is only swapped in
 * if no later-started load has been swapped in already. Thread-safe.
 */
public final class PgPolicyStore implements PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(PgPolicyStore.class);

    /** What is enforced, with the number of the load that produced it. */
    private record Snapshot(long load, Policy policy, PolicyStatus status) {
    }

    private final Pool pool;
    private final PolicyRepository repository;
    private final AtomicLong loads = new AtomicLong();
    private final AtomicReference<Snapshot> current =
            new AtomicReference<>(new Snapshot(0, null, PolicyStatus.NOT_LOADED));

    public PgPolicyStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.repository = new PolicyRepository(pool, new AuditLog(pool));
    }

    /** The policy to enforce: empty before the first successful load, fail-closed rules when invalid. */
    @Override
    public Optional<Policy> active() {
        return Optional.ofNullable(current.get().policy());
    }

    public PolicyStatus status() {
        return current.get().status();
    }

    /**
     * Reads the active policy (seeding the default one into an empty table) and makes it the
     * snapshot. Succeeds with the policy now enforced, which is {@link Policy#failClosed()} when
     * the table has no valid active version (check {@link Policy#isFailClosed()} or
     * {@link #status()}). Fails only when the database cannot be read, with
     * {@link ErrorCode#STORAGE_UNAVAILABLE} or another classified failure; the snapshot is kept.
     */
    public Future<Policy> load() {
        long load = loads.incrementAndGet();
        return readActive()
                .compose(found -> found.isPresent() ? Future.succeededFuture(found)
                        : repository.seedDefaultIfEmpty().compose(seeded -> {
                            if (seeded) {
                                LOG.info("seeded the default policy as version {}", DefaultPolicy.create().version());
                            }
                            return readActive();
                        }))
                .map(found -> snapshotOf(load, found))
                .onSuccess(this::swapIn)
                .map(Snapshot::policy)
                .recover(failure -> {
                    reloadFailed(load, failure);
                    return Future.failedFuture(DatabaseFailures.classify(failure));
                });
    }

    /**
     * Reloads on every {@code NOTIFY sieve_policy} and after the listener reconnects (changes may
     * have been missed meanwhile). Keep a periodic {@link #load()} as a backstop.
     */
    public void subscribe(PgNotifications notifications) {
        notifications.on(PolicyRepository.CHANNEL, version -> load());
        notifications.onReconnect(this::load);
    }

    private Future<Optional<Row>> readActive() {
        return pool.query(PolicyRows.SELECT_ACTIVE).execute()
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    private static Snapshot snapshotOf(long load, Optional<Row> row) {
        Instant now = Instant.now();
        if (row.isEmpty()) {
            return failClosed(load, "there is no active policy version", now);
        }
        long version = row.get().getLong("version");
        try {
            Policy policy = PolicyJson.fromText(row.get().getString("document"), version);
            return new Snapshot(load, policy, new PolicyStatus(PolicyStatus.State.LOADED, version, null, now, null));
        } catch (InvalidPolicyException e) {
            return failClosed(load, "the active policy version " + version + " is invalid ("
                    + e.problems().size() + " problems)", now);
        } catch (RuntimeException e) {
            return failClosed(load, "the active policy version " + version + " could not be read ("
                    + e.getClass().getSimpleName() + ")", now);
        }
    }

    private static Snapshot failClosed(long load, String reason, Instant now) {
        return new Snapshot(load, Policy.failClosed(),
                new PolicyStatus(PolicyStatus.State.FAIL_CLOSED, Policy.FAIL_CLOSED_VERSION, reason, now, null));
    }

    private void swapIn(Snapshot next) {
        Snapshot previous;
        do {
            previous = current.get();
            if (previous.load() > next.load()) {
                return; // a later load already answered
            }
        } while (!current.compareAndSet(previous, next));
        logTransition(previous.status(), next.status());
    }

    private void reloadFailed(long load, Throwable failure) {
        String description = DatabaseFailures.classify(failure).getMessage();
        Snapshot previous;
        Snapshot next;
        do {
            previous = current.get();
            if (previous.load() > load) {
                return;
            }
            next = new Snapshot(load, previous.policy(), previous.status().withReloadFailure(description));
        } while (!current.compareAndSet(previous, next));
        LOG.warn("could not reload the policy, keeping {} version {}: {}", previous.status().state(),
                previous.status().version(), DatabaseFailures.describe(failure));
    }

    private static void logTransition(PolicyStatus before, PolicyStatus after) {
        if (after.state() == PolicyStatus.State.FAIL_CLOSED) {
            if (before.state() != PolicyStatus.State.FAIL_CLOSED || !after.reason().equals(before.reason())) {
                LOG.warn("failing closed: {}; every consent-dependent field is dropped", after.reason());
            }
        } else if (before.state() != after.state() || before.version() != after.version()) {
            LOG.info("enforcing policy version {}", after.version());
        }
    }
}
