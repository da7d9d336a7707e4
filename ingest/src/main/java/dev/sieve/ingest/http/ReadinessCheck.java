package dev.sieve.ingest.http;

import io.vertx.core.Future;

/** One condition of {@code /health/ready}: succeeds when that part of Sieve can serve. */
public interface ReadinessCheck {

    /** A short name for the answer, e.g. {@code database}. */
    String name();

    Future<Void> check();
}
