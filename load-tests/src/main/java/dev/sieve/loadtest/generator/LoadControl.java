package dev.sieve.loadtest.generator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** State the generator's event loops share during one phase. */
final class LoadControl {
    private final AtomicLong nextRequest = new AtomicLong();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final long limit;
    private volatile boolean sending = true;
    private volatile boolean exhausted;

    LoadControl(long limit) {
        this.limit = limit;
    }

    /** The next request number to send, or -1 when sending stopped or no bodies are left. */
    long claim() {
        if (!sending) {
            return -1;
        }
        long r = nextRequest.getAndIncrement();
        if (r >= limit) {
            exhausted = true;
            return -1;
        }
        outstanding.incrementAndGet();
        return r;
    }

    void answered() {
        outstanding.decrementAndGet();
    }

    boolean sending() {
        return sending;
    }

    void stopSending() {
        sending = false;
    }

    boolean exhausted() {
        return exhausted;
    }

    int outstanding() {
        return outstanding.get();
    }

    /** Requests claimed so far: every request below this number was sent (or attempted). */
    long issued() {
        return Math.min(nextRequest.get(), limit);
    }
}
