package dev.sieve.storage.rights;

import dev.sieve.storage.pg.DatabaseFailures;
import dev.sieve.storage.pg.PgNotifications;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pseudonyms of erased users whose late events ingest must drop ({@code rights_quarantine}),
 * held in memory: {@link #isQuarantined} is a hash lookup, cheap enough for every event. Reloaded
 * on {@code NOTIFY sieve_quarantine} (sent when an erasure is requested, before any row is
 * deleted), after the listener reconnects, and by the caller on a timer as a backstop.
 * Thread-safe: one instance per node.
 */
public final class Quarantine {
    /** The NOTIFY channel: a quarantine entry was added or removed (payload ignored). */
    public static final String CHANNEL = "sieve_quarantine";
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);
    private static final String LOAD = "SELECT user_key, until FROM rights_quarantine WHERE until > now()";

    private final Pool pool;
    private final Clock clock;
    private final AtomicLong loadsStarted = new AtomicLong();
    private long loadApplied; // guarded by this
    private volatile Map<String, Instant> entries = Map.of();

    public Quarantine(Pool pool, Clock clock) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether events carrying this pseudonym (a user key, or an anonymous key) must be dropped:
     * its user was erased less than the quarantine period ago. False for null.
     */
    public boolean isQuarantined(String key) {
        if (key == null) {
            return false;
        }
        Map<String, Instant> current = entries;
        if (current.isEmpty()) {
            return false;
        }
        Instant until = current.get(key);
        return until != null && clock.instant().isBefore(until);
    }

    /** How many pseudonyms are held (for a gauge). */
    public int size() {
        return entries.size();
    }

    /** Reads the unexpired entries; a load that finishes after a newer one is ignored. */
    public Future<Void> load() {
        long number = loadsStarted.incrementAndGet();
        return pool.query(LOAD).execute()
                .map(rows -> {
                    Map<String, Instant> loaded = new HashMap<>(rows.size() * 2);
                    for (Row row : rows) {
                        loaded.put(row.getString("user_key"), row.getOffsetDateTime("until").toInstant());
                    }
                    apply(number, Map.copyOf(loaded));
                    return (Void) null;
                })
                .onFailure(e -> LOG.warn("loading the erasure quarantine failed: {}", DatabaseFailures.describe(e)))
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /** Reloads on {@code NOTIFY sieve_quarantine} and after the listener reconnects. */
    public Quarantine subscribe(PgNotifications notifications) {
        notifications.on(CHANNEL, payload -> load());
        notifications.onReconnect(this::load);
        return this;
    }

    private synchronized void apply(long number, Map<String, Instant> loaded) {
        if (number > loadApplied) {
            loadApplied = number;
            entries = loaded;
        }
    }
}
