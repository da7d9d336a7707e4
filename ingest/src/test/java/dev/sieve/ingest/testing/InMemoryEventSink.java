package dev.sieve.ingest.testing;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.enforcement.sink.WriteResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An {@link EventSink} that keeps events in memory, dedupes by id, can be cleared between cases, and can be told to fail. */
public final class InMemoryEventSink implements EventSink {
    private final Map<UUID, EnforcedEvent> stored = new LinkedHashMap<>();
    private volatile ErrorCode failWith;

    @Override
    public synchronized Future<WriteResult> write(List<EnforcedEvent> events) {
        if (failWith != null) {
            return Future.failedFuture(new SieveException(failWith, "test failure"));
        }
        int fresh = 0;
        for (EnforcedEvent e : events) {
            if (stored.putIfAbsent(e.eventId(), e) == null) {
                fresh++;
            }
        }
        return Future.succeededFuture(new WriteResult(fresh, events.size() - fresh));
    }

    public synchronized List<EnforcedEvent> events() {
        return new ArrayList<>(stored.values());
    }

    public synchronized void clear() {
        stored.clear();
        failWith = null;
    }

    public void failWith(ErrorCode code) {
        this.failWith = code;
    }
}
