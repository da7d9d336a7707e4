package dev.sieve.loadtest.generator;

/** Hears each request answered 2xx, by request number. Called on the generator's event loops. */
@FunctionalInterface
public interface AckListener {
    AckListener NONE = request -> {
    };

    void acked(long request);
}
