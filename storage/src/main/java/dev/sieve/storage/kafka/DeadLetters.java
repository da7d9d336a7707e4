package dev.sieve.storage.kafka;

import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the storage consumer records what it skipped, before it commits past it. Recording the
 * same letter twice (a redelivered record) must succeed.
 */
public interface DeadLetters {

    /** Succeeds once every letter is recorded; a failure makes the consumer retry the batch. */
    Future<Void> record(List<DeadLetter> letters);

    /** Only logs them (position and error, never content), for a database without the dead_letters table. */
    DeadLetters LOG_ONLY = new DeadLetters() {
        private final Logger log = LoggerFactory.getLogger(DeadLetters.class);

        @Override
        public Future<Void> record(List<DeadLetter> letters) {
            letters.forEach(l -> log.error("skipped record {}-{}@{}: {}", l.topic(), l.partition(), l.offset(), l.error()));
            return Future.succeededFuture();
        }
    };
}
