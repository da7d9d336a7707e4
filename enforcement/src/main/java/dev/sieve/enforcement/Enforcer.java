package dev.sieve.enforcement;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Device;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.ip.IpLiteral;
import dev.sieve.enforcement.ip.IpTruncation;
import dev.sieve.enforcement.policy.Action;
import dev.sieve.enforcement.policy.Field;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PurposeRule;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.BrowserSummary;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import java.util.Objects;

/**
 * Applies one policy and one subject's consent to one event: pure and synchronous, no I/O.
 * Holds a {@link Mac}-backed pseudonymiser and a parser, so it is not thread-safe: one instance
 * per event loop.
 */
public final class Enforcer {
    private final Pseudonymizer pseudonymizer;
    private final UserAgentGeneralizer userAgents;

    public Enforcer(Pseudonymizer pseudonymizer, UserAgentGeneralizer userAgents) {
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer);
        this.userAgents = Objects.requireNonNull(userAgents);
    }

    /**
     * Enforces {@code policy} on {@code event} given the registry's {@code consent} for the event's
     * subject. The purpose counts as consented when its legal basis is not consent, or when the
     * registry grants it and the event itself does not withdraw it (an event can only narrow).
     */
    public EnforcementOutcome apply(Event event, UserConsent consent, Policy policy) {
        Purpose purpose = event.purpose();
        PurposeRule purposeRule = policy.purpose(purpose);
        boolean consented = !purposeRule.needsConsent()
                || (consent.granted(purpose) && !Boolean.FALSE.equals(event.consentOnEvent().get(purpose)));
        if (!consented && purposeRule.dropEventWithoutConsent()) {
            return EnforcementOutcome.dropped(DropReason.NO_CONSENT_FOR_PURPOSE);
        }
        Device device = event.device();
        Action ipAction = action(policy, Field.IP, consented);
        byte[] ipBytes = ipAction == Action.DROP ? null : IpLiteral.parse(event.ip());
        Action uaAction = action(policy, Field.USER_AGENT, consented);
        BrowserSummary browser = uaAction == Action.GENERALIZE
                ? userAgents.summarize(event.userAgent()) : BrowserSummary.UNKNOWN;
        Action modelAction = action(policy, Field.DEVICE_MODEL, consented);
        Action osVersionAction = action(policy, Field.DEVICE_OS_VERSION, consented);

        return EnforcementOutcome.stored(new EnforcedEvent(
                event.id(),
                event.receivedAt(),
                event.timestamp(),
                event.type(),
                purpose,
                identifier(policy, Field.USER_ID, consented, "user", event.userId()),
                identifier(policy, Field.ANONYMOUS_ID, consented, "anonymous", event.anonymousId()),
                ipBytes != null && ipAction == Action.TRUNCATE
                        ? IpTruncation.truncate(ipBytes, policy.ipv4Prefix(), policy.ipv6Prefix()) : null,
                ipBytes != null && ipAction == Action.PSEUDONYMIZE
                        ? pseudonymizer.pseudonymize("ip", IpLiteral.format(ipBytes)) : null,
                identifier(policy, Field.DEVICE_ID, consented, "device", device.id()),
                modelAction == Action.KEEP ? device.model() : null,
                modelAction != Action.DROP ? UserAgentGeneralizer.deviceClass(device.model()) : null,
                kept(policy, Field.DEVICE_MANUFACTURER, consented, device.manufacturer()),
                kept(policy, Field.DEVICE_OS, consented, device.os()),
                switch (osVersionAction) {
                    case KEEP -> device.osVersion();
                    case GENERALIZE -> UserAgentGeneralizer.majorVersion(device.osVersion());
                    default -> null;
                },
                uaAction == Action.KEEP ? event.userAgent() : null,
                browser.family(),
                browser.major(),
                browser.osFamily(),
                action(policy, Field.PROPERTIES, consented) == Action.KEEP ? event.properties() : null,
                policy.version(),
                consent.version()));
    }

    private static Action action(Policy policy, Field field, boolean consented) {
        return policy.field(field).actionFor(consented);
    }

    /** Identifiers are only ever pseudonymised or dropped: {@link Field} allows nothing else. */
    private String identifier(Policy policy, Field field, boolean consented, String domain, String value) {
        return action(policy, field, consented) == Action.PSEUDONYMIZE
                ? pseudonymizer.pseudonymize(domain, value) : null;
    }

    private static String kept(Policy policy, Field field, boolean consented, String value) {
        return action(policy, field, consented) == Action.KEEP ? value : null;
    }
}
