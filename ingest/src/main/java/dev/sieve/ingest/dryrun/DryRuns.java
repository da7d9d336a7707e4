package dev.sieve.ingest.dryrun;

import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dry runs of this node. The hot path pays one volatile read when none is running. Dry runs
 * live in memory: each node compares the traffic it receives, and a restart ends them.
 */
public final class DryRuns {
    private static final int MAX_KEPT = 50;
    private final Clock clock;
    private final Map<String, DryRun> byId = new ConcurrentHashMap<>();
    private volatile List<DryRun> running = List.of();

    public DryRuns(Clock clock) {
        this.clock = clock;
    }

    /** Starts comparing {@code candidate} with the active policy for at most {@code maxEvents} or {@code maxDuration}. */
    public synchronized DryRun start(Policy candidate, long maxEvents, Duration maxDuration) {
        if (byId.size() >= MAX_KEPT) {
            byId.values().stream().filter(r -> !r.running(clock.instant())).findFirst()
                    .ifPresent(old -> byId.remove(old.id()));
        }
        DryRun run = new DryRun(UUID.randomUUID().toString(), candidate, maxEvents, clock.instant(),
                clock.instant().plus(maxDuration));
        byId.put(run.id(), run);
        List<DryRun> next = new ArrayList<>(running);
        next.add(run);
        running = List.copyOf(next);
        return run;
    }

    public Optional<DryRun> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<DryRun> all() {
        return List.copyOf(byId.values());
    }

    public Clock clock() {
        return clock;
    }

    /** Feeds one live event to every running dry run. */
    public void observe(Event event, UserConsent consent, Policy active) {
        List<DryRun> now = running;
        if (now.isEmpty()) {
            return;
        }
        boolean finished = false;
        for (DryRun run : now) {
            if (run.running(clock.instant())) {
                run.observe(event, consent, active);
            } else {
                finished = true;
            }
        }
        if (finished) {
            prune();
        }
    }

    private synchronized void prune() {
        running = running.stream().filter(r -> r.running(clock.instant())).toList();
    }
}
