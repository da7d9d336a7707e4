package dev.sieve.storage.consent;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sieve.enforcement.consent.ConsentStore;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.storage.pg.DatabaseFailures;
import dev.sieve.storage.pg.PgNotifications;
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
 * <p>The cache is keyed by the SHA-256 of the subject id ({@link SubjectHash}), whose hex is the
 * payload of {@code NOTIFY sieve_consent}, so another node's change can be dropped without knowing the id
 * ({@link #invalidateByHash}, wired by {@link #subscribe}). It holds futures: a subject
 * invalidated while its load is in flight is not cached from that (possibly stale) load. Entries
 * also expire after a while as a backstop for invalidations missed. Thread-safe: one instance
 * can serve every event loop of a node.
 */
public final class PgConsentStore implements ConsentStore {
    public static final long DEFAULT_MAX_ENTRIES = 100_000;
    public static final Duration DEFAULT_EXPIRE_AFTER_WRITE = Duration.ofMinutes(10);

    private final Pool pool;
    private final AsyncCache<SubjectHash, UserConsent> cache;

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
        Map<SubjectHash, String> idsByHash = new HashMap<>(subjectIds.size() * 2);
        for (String id : subjectIds) {
            idsByHash.put(SubjectHash.of(id), id);
        }
        CompletableFuture<Map<SubjectHash, UserConsent>> answer =
                cache.getAll(idsByHash.keySet(), (misses, executor) -> fetch(misses, idsByHash));
        Context context = Vertx.currentContext();
        Future<Map<SubjectHash, UserConsent>> result =
                context == null ? Future.fromCompletionStage(answer) : Future.fromCompletionStage(answer, context);
        return result.map(PgConsentStore::bySubjectId)
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /** Forgets one subject, e.g. after its consent changed. */
    public void invalidate(String subjectId) {
        cache.synchronous().invalidate(SubjectHash.of(subjectId));
    }

    /**
     * Forgets the subject whose id has this SHA-256 hex (a {@code sieve_consent} payload,
     * {@link ConsentRepository#notification}); any case. Text that is not 64 hex digits names no
     * subject and drops nothing.
     */
    public void invalidateByHash(String sha256Hex) {
        SubjectHash hash = SubjectHash.ofHex(sha256Hex);
        if (hash != null) {
            cache.synchronous().invalidate(hash);
        }
    }

    /**
     * Drops a subject on every {@code NOTIFY sieve_consent}, and everything after the listener
     * reconnects (notifications may have been missed meanwhile).
     */
    public void subscribe(PgNotifications notifications) {
        notifications.on(ConsentRepository.CHANNEL, this::invalidateByHash);
        notifications.onReconnect(this::invalidateAll);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** How many subjects are cached (approximate), for a gauge. */
    public long cachedSubjects() {
        return cache.synchronous().estimatedSize();
    }

    /** Loads the missed subjects (by hash) in one query; subjects without rows are unknown. */
    private CompletableFuture<Map<SubjectHash, UserConsent>> fetch(Set<? extends SubjectHash> missedHashes,
                                                                   Map<SubjectHash, String> idsByHash) {
        String[] ids = new String[missedHashes.size()];
        int i = 0;
        for (SubjectHash hash : missedHashes) {
            ids[i++] = idsByHash.get(hash);
        }
        return pool.preparedQuery(ConsentRows.SELECT_SUBJECTS)
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<String, UserConsent> found = ConsentRows.toConsents(rows);
                    Map<SubjectHash, UserConsent> byHash = new HashMap<>(ids.length * 2);
                    for (SubjectHash hash : missedHashes) {
                        String id = idsByHash.get(hash);
                        byHash.put(hash, found.getOrDefault(id, UserConsent.unknown(id)));
                    }
                    return byHash;
                })
                .toCompletionStage()
                .toCompletableFuture();
    }

    private static Map<String, UserConsent> bySubjectId(Map<SubjectHash, UserConsent> byHash) {
        Map<String, UserConsent> result = new HashMap<>(byHash.size() * 2);
        byHash.values().forEach(consent -> result.put(consent.subjectId(), consent));
        return result;
    }
}
