package dev.sieve.loadtest.bench;

import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.ip.IpLiteral;
import dev.sieve.enforcement.ip.IpTruncation;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.BrowserSummary;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import dev.sieve.loadtest.generator.SyntheticEvents;
import dev.sieve.loadtest.generator.TemplateMix;
import dev.sieve.loadtest.limits.SameRows;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The actions of {@link dev.sieve.enforcement.Enforcer#apply} one by one, on the same events:
 * one pseudonym (HMAC-SHA256; an event with consent needs three: user, anonymous, device id),
 * one user-agent generalisation, one IP parse + truncation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnforcementPartsBenchmark {
    private static final int EVENTS = 1024;

    private Event[] events;
    private Pseudonymizer pseudonymizer;
    private UserAgentGeneralizer userAgents;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<Event> decoded = SameRows.decode(SyntheticEvents.templates(7, EVENTS, 30_000, TemplateMix.GRANTED,
                Instant.now()));
        events = decoded.toArray(Event[]::new);
        pseudonymizer = new Pseudonymizer(new PseudonymKey("k1", new byte[32]));
        userAgents = new UserAgentGeneralizer();
    }

    private Event nextEvent() {
        Event e = events[next];
        next = (next + 1) & (EVENTS - 1);
        return e;
    }

    @Benchmark
    public String pseudonymizeUserId() {
        return pseudonymizer.pseudonymize("user", nextEvent().userId());
    }

    @Benchmark
    public BrowserSummary generalizeUserAgent() {
        return userAgents.summarize(nextEvent().userAgent());
    }

    @Benchmark
    public String truncateIp() {
        return IpTruncation.truncate(IpLiteral.parse(nextEvent().ip()), 24, 48);
    }
}
