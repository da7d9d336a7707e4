package dev.sieve.ingest.formats;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.auth.Role;
import dev.sieve.ingest.testing.InMemoryEventSink;
import dev.sieve.ingest.decode.DecodeLimits;
import dev.sieve.ingest.decode.EventDecoder;
import dev.sieve.ingest.dryrun.DryRuns;
import dev.sieve.ingest.metrics.IngestMetrics;
import dev.sieve.ingest.pipeline.IngestPipeline;
import dev.sieve.ingest.testing.ComponentApp;
import dev.sieve.ingest.testing.InMemoryConsent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The component-test harness for the wire formats: the real application router (from
 * {@link ComponentApp}) on a real HTTP server with the format routes mounted as the composition
 * root will mount them, an in-memory sink and consent registry that can be reset between cases,
 * a fixed receive time and a fixed id sequence. One per test class.
 */
final class FormatApp implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final String WRITER_KEY = ComponentApp.WRITER_KEY;
    static final String CONSENT_KEY = ComponentApp.CONSENT_KEY;
    /** Small enough to test the limits cheaply: 64 KiB per request, 32 KiB per event, 100 events. */
    static final DecodeLimits LIMITS = new DecodeLimits(64 * 1024, 32 * 1024, 100, 8, 8 * 1024);

    final ComponentApp app;
    final InMemoryEventSink sink = new InMemoryEventSink();
    private final Pseudonymizer pseudonyms = new Pseudonymizer(new PseudonymKey("k1", ComponentApp.SECRET));
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong ids = new AtomicLong();
    private volatile InMemoryConsent consent = new InMemoryConsent();

    FormatApp(FormatSettings settings) throws Exception {
        app = new ComponentApp(LIMITS.maxBodyBytes(), false);
        Enforcer enforcer = new Enforcer(new Pseudonymizer(new PseudonymKey("k1", ComponentApp.SECRET)),
                new UserAgentGeneralizer());
        IngestPipeline pipeline = new IngestPipeline(EventDecoder.withDefaults(), subjects -> consent.lookup(subjects),
                this::policy, enforcer, sink, new IngestMetrics(app.registry), new DryRuns(Clock.systemUTC()));
        ApiKeys keys = new ApiKeys(Map.of(ApiKeys.sha256(WRITER_KEY), Role.WRITER,
                ApiKeys.sha256(CONSENT_KEY), Role.CONSENT));
        FormatRoutes.mount(app.router(), new FormatDependencies(pipeline, () -> keys, this::policy, LIMITS,
                Clock.fixed(NOW, ZoneOffset.UTC), false, settings, this::nextId));
    }

    private Optional<Policy> policy() {
        return Optional.ofNullable(app.policy.get());
    }

    /** 00000000-0000-4000-8000-000000000001, ...2, ... for events that carry no id. */
    private UUID nextId() {
        return new UUID(0x4000L, 0x8000000000000000L | ids.incrementAndGet());
    }

    /** A fresh sink, consent registry and id sequence. */
    void reset() {
        sink.clear();
        consent = new InMemoryConsent();
        ids.set(0);
    }

    void consent(String subject, Map<Purpose, Boolean> purposes) {
        consent.update(subject, purposes, "test");
    }

    String pseudonym(String domain, String raw) {
        synchronized (pseudonyms) {
            return pseudonyms.pseudonymize(domain, raw);
        }
    }

    EnforcedEvent stored(UUID id) {
        return sink.events().stream().filter(e -> e.eventId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no stored event " + id));
    }

    URI uri(String pathAndQuery) {
        return app.uri(pathAndQuery);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        app.close();
    }
}
