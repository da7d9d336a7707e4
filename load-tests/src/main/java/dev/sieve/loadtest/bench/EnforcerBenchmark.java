package dev.sieve.loadtest.bench;

import dev.sieve.enforcement.EnforcementOutcome;
import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.consent.ConsentState;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.loadtest.generator.SyntheticEvents;
import dev.sieve.loadtest.generator.TemplateMix;
import dev.sieve.loadtest.limits.SameRows;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Enforcer#apply} alone on the generator's events (decoded by the service's decoder),
 * under the default policy: with consent granted it truncates the IP, pseudonymises user,
 * anonymous and device ids and generalises the user agent; denied, it drops the IP and device
 * id and generalises model, OS version and user agent. Its parts: {@link EnforcementPartsBenchmark}.
 * Throughput on one thread: events per second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnforcerBenchmark {
    private static final int EVENTS = 1024;

    @Param({"granted", "denied"})
    public String consent;

    private Enforcer enforcer;
    private Policy policy;
    private Event[] events;
    private UserConsent[] consents;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<Event> decoded = SameRows.decode(SyntheticEvents.templates(7, EVENTS, 30_000, TemplateMix.GRANTED,
                Instant.now()));
        events = decoded.toArray(Event[]::new);
        consents = new UserConsent[events.length];
        for (int i = 0; i < events.length; i++) {
            consents[i] = "granted".equals(consent) ? SameRows.granted(events[i].subjectId())
                    : denied(events[i].subjectId());
        }
        enforcer = SameRows.newEnforcer();
        policy = SameRows.policy();
    }

    private static UserConsent denied(String subject) {
        Map<Purpose, ConsentState> states = new EnumMap<>(Purpose.class);
        for (Purpose p : Purpose.values()) {
            states.put(p, ConsentState.DENIED);
        }
        return new UserConsent(subject, states, 1);
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (EVENTS - 1);
        return i;
    }

    @Benchmark
    public EnforcementOutcome apply() {
        int i = nextIndex();
        return enforcer.apply(events[i], consents[i], policy);
    }
}
