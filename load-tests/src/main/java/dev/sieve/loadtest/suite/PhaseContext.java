package dev.sieve.loadtest.suite;

import dev.sieve.loadtest.generator.EventIds;
import dev.sieve.loadtest.generator.EventTemplate;
import dev.sieve.loadtest.generator.SuiteClock;
import dev.sieve.loadtest.generator.SyntheticEvents;
import dev.sieve.loadtest.generator.TemplateMix;
import dev.sieve.loadtest.service.ServiceProcess;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** What the phases of one run share: the plan, the clock, the generator's Vert.x, the templates, the service. */
final class PhaseContext {
    private static final long SEED = 20_261_129L;

    final SuitePlan plan;
    final SuiteClock clock;
    final Vertx vertx;
    final Path resultsDir;
    final String writerKey;
    final String consentKey;
    private final Map<TemplateMix, List<EventTemplate>> templates = new EnumMap<>(TemplateMix.class);
    private final AtomicInteger tags = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 100_000) * 1000);
    private final Instant now = Instant.now();
    private ServiceProcess service;

    PhaseContext(SuitePlan plan, SuiteClock clock, Vertx vertx, Path resultsDir, String writerKey, String consentKey) {
        this.plan = plan;
        this.clock = clock;
        this.vertx = vertx;
        this.resultsDir = resultsDir;
        this.writerKey = writerKey;
        this.consentKey = consentKey;
    }

    synchronized List<EventTemplate> templates(TemplateMix mix) {
        return templates.computeIfAbsent(mix,
                m -> SyntheticEvents.templates(SEED + m.ordinal(), plan.templates(), plan.users(), m, now));
    }

    /** Fresh ids for a phase: no two phases of a run share an id. */
    EventIds nextIds() {
        return new EventIds(tags.incrementAndGet());
    }

    synchronized ServiceProcess service() {
        return service;
    }

    synchronized void service(ServiceProcess running) {
        this.service = running;
    }

    void log(String format, Object... args) {
        System.out.printf("[%7.1f s] %s%n", clock.now(), String.format(format, args));
        System.out.flush();
    }
}
