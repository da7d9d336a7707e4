package dev.sieve.ingest.boot;

import dev.sieve.enforcement.sink.EventSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Where one event loop's enforced events go, opened on that loop: PostgreSQL through a
 * group-commit writer (direct mode) or the Kafka topic (ingest role). One instance per loop.
 */
interface LoopSink {
    EventSink open(Vertx vertx);

    Future<Void> close();
}
