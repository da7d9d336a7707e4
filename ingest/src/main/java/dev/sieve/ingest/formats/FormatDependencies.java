package dev.sieve.ingest.formats;

import dev.sieve.enforcement.policy.PolicyStore;
import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.decode.DecodeLimits;
import dev.sieve.ingest.pipeline.IngestPipeline;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the format routes need; built once per event loop, like {@code ApiRouter.Dependencies}.
 *
 * @param pipeline          this event loop's ingest pipeline (the one {@code POST /v1/events} uses)
 * @param keys              the current API keys (write keys, tokens and Snowplow apps' keys are checked against them)
 * @param policies          the policy store, for the consent-category mapping
 * @param limits            the native decoder's limits, applied to every format
 * @param clock             the receive time of events
 * @param trustForwardedFor the same setting as {@code EventsHandler}'s
 * @param ids               ids for events that carry none
 */
public record FormatDependencies(IngestPipeline pipeline, Supplier<ApiKeys> keys, PolicyStore policies,
                                 DecodeLimits limits, Clock clock, boolean trustForwardedFor,
                                 FormatSettings settings, Supplier<UUID> ids) {

    public FormatDependencies {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(ids, "ids");
    }

    /** With random ids for events that carry none. */
    public FormatDependencies(IngestPipeline pipeline, Supplier<ApiKeys> keys, PolicyStore policies,
                              DecodeLimits limits, Clock clock, boolean trustForwardedFor, FormatSettings settings) {
        this(pipeline, keys, policies, limits, clock, trustForwardedFor, settings, UUID::randomUUID);
    }
}
