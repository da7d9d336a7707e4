package dev.sieve.ingest.dryrun;

import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.policy.Action;
import dev.sieve.enforcement.policy.Field;
import dev.sieve.enforcement.policy.FieldRule;
import dev.sieve.enforcement.policy.Policy;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A candidate policy running in shadow beside the active one: for each live event it compares
 * the decisions the two would take (whole event, then each field present) and counts the ones
 * that differ. It keeps counts only, never event data. Thread-safe: every event loop feeds it.
 */
public final class DryRun {
    private final String id;
    private final Policy candidate;
    private final long maxEvents;
    private final Instant startedAt;
    private final Instant deadline;
    private final AtomicLong observed = new AtomicLong();
    private final LongAdder unchanged = new LongAdder();
    private final Map<String, LongAdder> eventChanges = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> fieldChanges = new ConcurrentHashMap<>();
    private volatile Instant finishedAt;
    private volatile long activeVersion = -1;

    DryRun(String id, Policy candidate, long maxEvents, Instant startedAt, Instant deadline) {
        this.id = id;
        this.candidate = candidate;
        this.maxEvents = maxEvents;
        this.startedAt = startedAt;
        this.deadline = deadline;
    }

    public String id() {
        return id;
    }

    /** Whether the run still takes events at {@code now}; finishes it when a bound is reached. */
    boolean running(Instant now) {
        if (finishedAt == null && (observed.get() >= maxEvents || !now.isBefore(deadline))) {
            finishedAt = now.isBefore(deadline) ? now : deadline;
        }
        return finishedAt == null;
    }

    /** Compares the two policies' decisions on one event. */
    void observe(Event event, UserConsent consent, Policy active) {
        if (observed.incrementAndGet() > maxEvents) {
            return;
        }
        activeVersion = active.version();
        boolean consentedA = Enforcer.consented(event, consent, active);
        boolean consentedB = Enforcer.consented(event, consent, candidate);
        String decisionA = eventDecision(event, consentedA, active);
        String decisionB = eventDecision(event, consentedB, candidate);
        if (!decisionA.equals(decisionB)) {
            count(eventChanges, decisionA + "->" + decisionB);
            return;
        }
        if (!decisionA.equals("store")) {
            unchanged.increment();
            return;
        }
        boolean changed = false;
        for (Field f : Field.values()) {
            if (FieldPresence.present(event, f)) {
                Action a = active.action(f, consentedA);
                Action b = candidate.action(f, consentedB);
                if (a != b) {
                    count(fieldChanges, f.path() + " " + a.wireName() + "->" + b.wireName());
                    changed = true;
                }
            }
        }
        changed |= propertyChanges(event, active, consentedA, consentedB);
        if (!changed) {
            unchanged.increment();
        }
    }

    private boolean propertyChanges(Event event, Policy active, boolean consentedA, boolean consentedB) {
        boolean changed = false;
        for (String name : union(active.properties(), candidate.properties())) {
            if (event.properties().has(name)) {
                Action a = active.properties().getOrDefault(name, FieldRule.KEEP_ALWAYS).actionFor(consentedA);
                Action b = candidate.properties().getOrDefault(name, FieldRule.KEEP_ALWAYS).actionFor(consentedB);
                if (a != b) {
                    count(fieldChanges, "properties." + name + " " + a.wireName() + "->" + b.wireName());
                    changed = true;
                }
            }
        }
        return changed;
    }

    private static Iterable<String> union(Map<String, FieldRule> a, Map<String, FieldRule> b) {
        java.util.Set<String> names = new java.util.TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }

    private static String eventDecision(Event event, boolean consented, Policy policy) {
        if (policy.switches().drops(event.purpose())) {
            return "drop";
        }
        return !consented && policy.purpose(event.purpose()).dropEventWithoutConsent() ? "drop" : "store";
    }

    private static void count(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** The report: counts of changed decisions, per event and per field and action. */
    public JsonObject report(Instant now) {
        boolean running = running(now);
        JsonObject fields = new JsonObject();
        new TreeMap<>(fieldChanges).forEach((key, n) -> {
            int space = key.indexOf(' ');
            String field = key.substring(0, space);
            JsonObject perField = fields.getJsonObject(field, new JsonObject());
            fields.put(field, perField.put(key.substring(space + 1), n.sum()));
        });
        JsonObject events = new JsonObject();
        new TreeMap<>(eventChanges).forEach((key, n) -> events.put(key, n.sum()));
        return new JsonObject()
                .put("id", id)
                .put("state", running ? "running" : "finished")
                .put("candidateVersion", candidate.version())
                .put("activeVersion", activeVersion < 0 ? null : activeVersion)
                .put("startedAt", startedAt.toString())
                .put("finishedAt", finishedAt == null ? null : finishedAt.toString())
                .put("maxEvents", maxEvents)
                .put("eventsCompared", Math.min(observed.get(), maxEvents))
                .put("eventsUnchanged", unchanged.sum())
                .put("eventDecisionChanges", events)
                .put("fieldDecisionChanges", fields);
    }
}
