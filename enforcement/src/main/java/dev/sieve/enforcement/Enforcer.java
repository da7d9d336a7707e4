package dev.sieve.enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Device;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.event.EventProperties;
import dev.sieve.enforcement.ip.IpLiteral;
import dev.sieve.enforcement.ip.IpTruncation;
import dev.sieve.enforcement.policy.Action;
import dev.sieve.enforcement.policy.Field;
import dev.sieve.enforcement.policy.FieldRule;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PurposeRule;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.BrowserSummary;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import java.util.Map;
import java.util.Objects;

/**
 * Applies one policy and one subject's consent to one event: pure and synchronous, no I/O, no
 * locks. Holds a {@code Mac}-backed pseudonymiser and a parser, so it is not thread-safe: one
 * instance per event loop.
 */
public final class Enforcer {
    private final Pseudonymizer pseudonymizer;
    private final UserAgentGeneralizer userAgents;

    public Enforcer(Pseudonymizer pseudonymizer, UserAgentGeneralizer userAgents) {
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer);
        this.userAgents = Objects.requireNonNull(userAgents);
    }

    /**
     * Whether the event's purpose counts as consented: its legal basis is not consent, or the
     * registry grants it and the event itself does not withdraw it (an event can only narrow).
     */
    public static boolean consented(Event event, UserConsent consent, Policy policy) {
        Purpose purpose = event.purpose();
        PurposeRule rule = policy.purpose(purpose);
        return !rule.needsConsent()
                || (consent.granted(purpose) && !Boolean.FALSE.equals(event.consentOnEvent().get(purpose)));
    }

    /** Enforces {@code policy} on {@code event} given the registry's {@code consent} for the event's subject. */
    public EnforcementOutcome apply(Event event, UserConsent consent, Policy policy) {
        Purpose purpose = event.purpose();
        if (policy.switches().drops(purpose)) {
            return EnforcementOutcome.dropped(DropReason.PURPOSE_SWITCHED_OFF);
        }
        boolean consented = consented(event, consent, policy);
        if (!consented && policy.purpose(purpose).dropEventWithoutConsent()) {
            return EnforcementOutcome.dropped(DropReason.NO_CONSENT_FOR_PURPOSE);
        }
        Device device = event.device();
        Action ipAction = policy.action(Field.IP, consented);
        byte[] ipBytes = ipAction == Action.DROP ? null : IpLiteral.parse(event.ip());
        Action uaAction = policy.action(Field.USER_AGENT, consented);
        BrowserSummary browser = uaAction == Action.GENERALIZE
                ? userAgents.summarize(event.userAgent()) : BrowserSummary.UNKNOWN;
        Action modelAction = policy.action(Field.DEVICE_MODEL, consented);

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
                switch (policy.action(Field.DEVICE_OS_VERSION, consented)) {
                    case KEEP -> device.osVersion();
                    case GENERALIZE -> UserAgentGeneralizer.majorVersion(device.osVersion());
                    default -> null;
                },
                uaAction == Action.KEEP ? event.userAgent() : null,
                browser.family(),
                browser.major(),
                browser.osFamily(),
                policy.action(Field.PROPERTIES, consented) == Action.KEEP
                        ? properties(event.properties(), policy.properties(), consented) : null,
                policy.version(),
                consent.version(),
                consented));
    }

    /** Identifiers are only ever pseudonymised or dropped: {@link Field} allows nothing else. */
    private String identifier(Policy policy, Field field, boolean consented, String domain, String value) {
        return policy.action(field, consented) == Action.PSEUDONYMIZE
                ? pseudonymizer.pseudonymize(domain, value) : null;
    }

    private static String kept(Policy policy, Field field, boolean consented, String value) {
        return policy.action(field, consented) == Action.KEEP ? value : null;
    }

    /**
     * Applies property rules. The properties pass through as they are (text stays text) unless a
     * rule changes one that is present; only then is the tree copied and changed. Without a rule
     * that acts in this consent state, the tree is not even looked at.
     */
    private EventProperties properties(EventProperties properties, Map<String, FieldRule> rules, boolean consented) {
        if (!acts(rules, consented)) {
            return properties;
        }
        ObjectNode in = properties.tree();
        ObjectNode out = in;
        for (Map.Entry<String, FieldRule> rule : rules.entrySet()) {
            JsonNode value = in.get(rule.getKey());
            Action action = rule.getValue().actionFor(consented);
            if (value == null || action == Action.KEEP) {
                continue;
            }
            if (out == in) {
                out = in.deepCopy();
            }
            if (action == Action.DROP) {
                out.remove(rule.getKey());
            } else {
                out.put(rule.getKey(), pseudonymizer.pseudonymize("property",
                        value.isTextual() ? value.textValue() : value.toString()));
            }
        }
        return out == in ? properties : EventProperties.of(out);
    }

    private static boolean acts(Map<String, FieldRule> rules, boolean consented) {
        for (FieldRule rule : rules.values()) {
            if (rule.actionFor(consented) != Action.KEEP) {
                return true;
            }
        }
        return false;
    }
}
