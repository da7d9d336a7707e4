package dev.sieve.ingest.pipeline;

import dev.sieve.enforcement.DropReason;
import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.EnforcementOutcome;
import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.consent.ConsentStore;
import dev.sieve.enforcement.consent.SharedSubjects;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyStore;
import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.ingest.decode.DecodedBatch;
import dev.sieve.ingest.decode.EventDecoder;
import dev.sieve.ingest.decode.IndexedEvent;
import dev.sieve.ingest.dryrun.DryRuns;
import dev.sieve.ingest.metrics.IngestMetrics;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one path an event takes: decode, look up consent for the whole request in one call,
 * enforce each event synchronously, write the enforced ones, and answer once they are durable.
 * One instance per event loop (the {@link Enforcer} is not thread-safe).
 */
public final class IngestPipeline {
    private final EventDecoder decoder;
    private final ConsentStore consents;
    private final PolicyStore policies;
    private final Enforcer enforcer;
    private final EventSink sink;
    private final IngestMetrics metrics;
    private final DryRuns dryRuns;
    private final Predicate<EnforcedEvent> erased;

    public IngestPipeline(EventDecoder decoder, ConsentStore consents, PolicyStore policies,
                          Enforcer enforcer, EventSink sink, IngestMetrics metrics, DryRuns dryRuns) {
        this(decoder, consents, policies, enforcer, sink, metrics, dryRuns, event -> false);
    }

    /** @param erased whether an enforced event belongs to a user under erasure quarantine (then dropped) */
    public IngestPipeline(EventDecoder decoder, ConsentStore consents, PolicyStore policies,
                          Enforcer enforcer, EventSink sink, IngestMetrics metrics, DryRuns dryRuns,
                          Predicate<EnforcedEvent> erased) {
        this.decoder = decoder;
        this.consents = consents;
        this.policies = policies;
        this.enforcer = enforcer;
        this.sink = sink;
        this.metrics = metrics;
        this.dryRuns = dryRuns;
        this.erased = erased;
    }

    /**
     * Ingests one request. Fails with a {@link SieveException} for request-level problems
     * (malformed body, limits, unavailable storage); per-event problems are in the receipt.
     */
    public Future<IngestReceipt> ingest(IngestRequest request) {
        DecodedBatch batch;
        try {
            batch = decoder.decode(request.body(), request.contentType(), request.contentEncoding(),
                    request.clientIp(), request.receivedAt());
        } catch (SieveException e) {
            return Future.failedFuture(e);
        }
        return ingest(batch);
    }

    /**
     * Ingests events another wire format (Segment, PostHog, Snowplow) already decoded into
     * {@link dev.sieve.enforcement.event.Event}s: the same consent lookup, enforcement and storage.
     */
    public Future<IngestReceipt> ingest(DecodedBatch batch) {
        batch.rejections().forEach(r -> metrics.rejected(r.code().wireName()));
        if (batch.events().isEmpty()) {
            return Future.succeededFuture(receipt(batch, Map.of(), 0, 0));
        }
        Policy policy = policies.active().orElse(null);
        if (policy == null) {
            return Future.failedFuture(new SieveException(ErrorCode.POLICY_UNAVAILABLE,
                    "no privacy policy is loaded; nothing is stored until one is"));
        }
        Set<String> subjects = new HashSet<>();
        for (IndexedEvent e : batch.events()) {
            String subject = e.event().subjectId();
            if (!SharedSubjects.isShared(subject)) { // nobody consents for a shared id: left unknown
                subjects.add(subject);
            }
        }
        return consents.lookup(subjects)
                .compose(consent -> write(batch, policy, consent));
    }

    private Future<IngestReceipt> write(DecodedBatch batch, Policy policy, Map<String, UserConsent> consent) {
        List<EnforcedEvent> enforced = new ArrayList<>(batch.events().size());
        Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
        for (IndexedEvent indexed : batch.events()) {
            Event event = indexed.event();
            UserConsent subject = consent.getOrDefault(event.subjectId(), UserConsent.unknown(event.subjectId()));
            EnforcementOutcome outcome = enforcer.apply(event, subject, policy);
            dryRuns.observe(event, subject, policy);
            if (!outcome.isDropped() && erased.test(outcome.event())) {
                outcome = EnforcementOutcome.dropped(DropReason.ERASED_USER);
            }
            if (outcome.isDropped()) {
                dropped.merge(outcome.dropReason(), 1, Integer::sum);
                metrics.dropped(outcome.dropReason());
            } else {
                enforced.add(outcome.event());
            }
        }
        return sink.write(enforced).map(result -> {
            metrics.accepted(result.stored());
            metrics.duplicates(result.duplicates());
            return receipt(batch, dropped, result.stored(), result.duplicates());
        });
    }

    private static IngestReceipt receipt(DecodedBatch batch, Map<DropReason, Integer> dropped,
                                         int stored, int duplicates) {
        return new IngestReceipt(batch.total(), stored, duplicates, dropped, batch.rejections());
    }
}
