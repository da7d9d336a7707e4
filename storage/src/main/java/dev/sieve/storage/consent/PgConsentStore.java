package dev.sieve.storage.consent;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sieve.enforcement.consent.ConsentStore;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The consent registry behind a bounded cache. A lookup answers cached subjects at once and
 * fetches all the others of the call in one query; subjects without rows are cached as unknown
 * (version 0). A miss is never answered as unknown without asking the database.
 *
 * <p>The cache holds futures: a subject invalidated while its load is in flight is not cached
 * from that (possibly stale) load. Entries also expire after a while as a backstop for
 * invalidations missed. Thread-safe: one instance can serve every event loop of a node.
 */
public final class PgConsentStore implements ConsentStore {
    public static final long DEFAULT_MAX_ENTRIES = 100_000;
    public static final Duration DEFAULT_EXPIRE_AFTER_WRITE = Duration.ofMinutes(10);

    private final Pool pool;
    private final AsyncCache<String, UserConsent> cache;

    public PgConsentStore(Pool pool) {
        this(pool, DEFAULT_MAX_ENTRIES, DEFAULT_EXPIRE_AFTER_WRITE);
    }

    public PgConsentStore(Pool pool, long maxEntries, Duration expireAfterWrite) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(expireAfterWrite)
                .buildAsync();
    }

    @Override
    public Future<Map<String, UserConsent>> lookup(Collection<String> subjectIds) {
        if (subjectIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        CompletableFuture<Map<String, UserConsent>> answer =
                cache.getAll(subjectIds, (misses, executor) -> fetch(misses));
        Context context = Vertx.currentContext();
        Future<Map<String, UserConsent>> result =
                context == null ? Future.fromCompletionStage(answer) : Future.fromCompletionStage(answer, context);
        return result.recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /** Forgets one subject, e.g. after its consent changed. */
    public void invalidate(String subjectId) {
        cache.synchronous().invalidate(subjectId);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** How many subjects are cached (approximate), for a gauge. */
    public long cachedSubjects() {
        return cache.synchronous().estimatedSize();
    }

    private CompletableFuture<Map<String, UserConsent>> fetch(Set<? extends String> misses) {
        String[] ids = misses.toArray(String[]::new);
        return pool.preparedQuery(ConsentRows.SELECT_SUBJECTS)
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<String, UserConsent> found = ConsentRows.toConsents(rows);
                    Map<String, UserConsent> all = new HashMap<>(found);
                    for (String id : ids) {
                        all.putIfAbsent(id, UserConsent.unknown(id));
                    }
                    return all;
                })
                .toCompletionStage()
                .toCompletableFuture();
    }
}
