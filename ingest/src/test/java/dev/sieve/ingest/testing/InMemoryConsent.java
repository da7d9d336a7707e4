package dev.sieve.ingest.testing;

import dev.sieve.enforcement.consent.ConsentRegistry;
import dev.sieve.enforcement.consent.ConsentState;
import dev.sieve.enforcement.consent.ConsentStore;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A consent registry in a map: reads and writes for component tests. */
public final class InMemoryConsent implements ConsentStore, ConsentRegistry {
    private final Map<String, UserConsent> bySubject = new ConcurrentHashMap<>();

    @Override
    public Future<Map<String, UserConsent>> lookup(Collection<String> subjectIds) {
        Map<String, UserConsent> out = new HashMap<>();
        for (String s : subjectIds) {
            out.put(s, bySubject.getOrDefault(s, UserConsent.unknown(s)));
        }
        return Future.succeededFuture(out);
    }

    @Override
    public synchronized Future<UserConsent> update(String subjectId, Map<Purpose, Boolean> changes, String source) {
        UserConsent old = bySubject.getOrDefault(subjectId, UserConsent.unknown(subjectId));
        Map<Purpose, ConsentState> states = new EnumMap<>(Purpose.class);
        states.putAll(old.states());
        changes.forEach((p, granted) -> states.put(p, granted ? ConsentState.GRANTED : ConsentState.DENIED));
        UserConsent updated = new UserConsent(subjectId, states, old.version() + 1);
        bySubject.put(subjectId, updated);
        return Future.succeededFuture(updated);
    }

    @Override
    public Future<UserConsent> get(String subjectId) {
        return Future.succeededFuture(bySubject.getOrDefault(subjectId, UserConsent.unknown(subjectId)));
    }
}
