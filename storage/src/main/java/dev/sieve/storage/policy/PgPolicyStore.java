package dev.sieve.storage.policy;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.InvalidPolicyException;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyJson;
import dev.sieve.enforcement.policy.PolicyStore;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active policy from the {@code policies} table, kept as an immutable snapshot: {@link #active()}
 * never does I/O, {@link #load()} reads the table and swaps the snapshot. On an empty table the
 * first load seeds {@link DefaultPolicy} as version 1 (concurrent first loads on several nodes
 * seed it once). A failed load keeps the previous snapshot.
 */
public final class PgPolicyStore implements PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(PgPolicyStore.class);

    private static final String SELECT_ACTIVE =
            "SELECT version, document::text FROM policies WHERE active";
    // Only into an empty table: a table whose rows are all inactive is a state to report, not to paper over.
    private static final String SEED_DEFAULT = "INSERT INTO policies (version, document, active, created_by, reason)"
            + " SELECT $1, $2::text::jsonb, true, 'system', 'default policy'"
            + " WHERE NOT EXISTS (SELECT 1 FROM policies) ON CONFLICT DO NOTHING";

    private final Pool pool;
    private final AtomicReference<Policy> snapshot = new AtomicReference<>();

    public PgPolicyStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public Optional<Policy> active() {
        return Optional.ofNullable(snapshot.get());
    }

    /**
     * Reads the active policy (seeding the default one into an empty table) and makes it the
     * snapshot. Fails with {@link ErrorCode#POLICY_UNAVAILABLE} when there is no valid active
     * policy, or the database's error when it cannot be read.
     */
    public Future<Policy> load() {
        return readActive()
                .compose(found -> found.isPresent() ? Future.succeededFuture(found) : seedDefault())
                .compose(this::toPolicy)
                .onSuccess(this::swapIn)
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    private Future<Optional<Row>> readActive() {
        return pool.query(SELECT_ACTIVE).execute().map(PgPolicyStore::firstRow);
    }

    private Future<Optional<Row>> seedDefault() {
        Policy defaults = DefaultPolicy.create();
        return pool.preparedQuery(SEED_DEFAULT)
                .execute(Tuple.of(defaults.version(), PolicyJson.toText(defaults)))
                .onSuccess(rows -> {
                    if (rows.rowCount() == 1) {
                        LOG.info("seeded the default policy as version {}", defaults.version());
                    }
                })
                .compose(seeded -> readActive());
    }

    private Future<Policy> toPolicy(Optional<Row> row) {
        if (row.isEmpty()) {
            return Future.failedFuture(new SieveException(ErrorCode.POLICY_UNAVAILABLE, "no active policy"));
        }
        long version = row.get().getLong(0);
        try {
            return Future.succeededFuture(PolicyJson.fromText(row.get().getString(1), version));
        } catch (InvalidPolicyException e) {
            LOG.error("the active policy version {} is invalid: {}", version, e.getMessage());
            return Future.failedFuture(new SieveException(ErrorCode.POLICY_UNAVAILABLE, "the active policy is invalid"));
        }
    }

    private void swapIn(Policy policy) {
        Policy previous = snapshot.getAndSet(policy);
        if (previous == null || previous.version() != policy.version()) {
            LOG.info("enforcing policy version {}", policy.version());
        }
    }

    private static Optional<Row> firstRow(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty();
    }
}
