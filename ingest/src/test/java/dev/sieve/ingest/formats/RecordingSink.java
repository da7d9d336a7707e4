package dev.sieve.ingest.formats;

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

/** An in-memory {@link EventSink} that dedupes by id, can be cleared between cases, and can be told to fail. */
final class RecordingSink implements EventSink {
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

    synchronized List<EnforcedEvent> events() {
        return new ArrayList<>(stored.values());
    }

    synchronized void clear() {
        stored.clear();
        failWith = null;
    }

    void failWith(ErrorCode code) {
        this.failWith = code;
    }
}
