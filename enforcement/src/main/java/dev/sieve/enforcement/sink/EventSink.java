package dev.sieve.enforcement.sink;

import dev.sieve.enforcement.EnforcedEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where enforced events go. The returned future succeeds only once every event is durable
 * (committed in PostgreSQL, or acknowledged by every Kafka replica in sync). It fails with a
 * {@link dev.sieve.enforcement.error.SieveException}: {@code WRITER_SATURATED} when the sink is
 * full (nothing was written), {@code STORAGE_UNAVAILABLE} when the store cannot be reached.
 * Writing an event whose id was already stored is a success counted as a duplicate.
 */
public interface EventSink {

    Future<WriteResult> write(List<EnforcedEvent> events);
}
