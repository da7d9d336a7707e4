package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.ip.IpLiteral;
import dev.sieve.enforcement.ip.IpTruncation;
import dev.sieve.enforcement.policy.Action;
import dev.sieve.enforcement.policy.Field;
import dev.sieve.enforcement.policy.FieldRule;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.BrowserSummary;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import java.util.Map;
import java.util.Objects;

/**
 * What a stored row may still hold once its purpose lost consent: the target policy's
 * "without consent" action applied to what the row's own policy stored "with consent". Stored
 * values are already enforced, so an action can only be re-applied or made stricter, never undone:
 * <ul>
 * <li>drop: the columns become null;
 * <li>keep: the stored value stays (a value stored generalised stays generalised);
 * <li>generalize: device model to its class, OS version to its major, a kept user agent to browser
 *     family, major and OS family (a generalised one stays);
 * <li>truncate (IP): the stored network re-truncated under the target's prefixes; an IP pseudonym
 *     cannot be truncated and is dropped;
 * <li>pseudonymize: pseudonyms stay; a property value kept raw is pseudonymised with the active key;
 *     a truncated IP cannot be pseudonymised and is dropped.
 * </ul>
 * Pure apart from the pseudonymiser and parser it holds: one instance per job run.
 */
final class WithdrawalRedaction {
    private final Pseudonymizer pseudonymizer;
    private final UserAgentGeneralizer userAgents;

    WithdrawalRedaction(Pseudonymizer pseudonymizer, UserAgentGeneralizer userAgents) {
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
        this.userAgents = Objects.requireNonNull(userAgents, "userAgents");
    }

    /**
     * @param row    the stored columns
     * @param stored the policy that produced the row (its policy_version)
     * @param target the policy to apply now; its without-consent actions
     */
    StoredFields apply(StoredFields row, Policy stored, Policy target) {
        Action ip = target.action(Field.IP, false);
        Action model = target.action(Field.DEVICE_MODEL, false);
        Action ua = target.action(Field.USER_AGENT, false);
        BrowserSummary browser = browser(row, ua);
        return new StoredFields(
                ip == Action.TRUNCATE ? truncated(row.ipNetwork(), target) : null,
                ip == Action.PSEUDONYMIZE ? row.ipKey() : null,
                unlessDropped(target, Field.USER_ID, row.userKey()),
                unlessDropped(target, Field.ANONYMOUS_ID, row.anonymousKey()),
                unlessDropped(target, Field.DEVICE_ID, row.deviceKey()),
                model == Action.KEEP ? row.deviceModel() : null,
                model == Action.DROP ? null
                        : row.deviceClass() != null ? row.deviceClass() : UserAgentGeneralizer.deviceClass(row.deviceModel()),
                unlessDropped(target, Field.DEVICE_MANUFACTURER, row.deviceManufacturer()),
                unlessDropped(target, Field.DEVICE_OS, row.deviceOs()),
                switch (target.action(Field.DEVICE_OS_VERSION, false)) {
                    case KEEP -> row.deviceOsVersion();
                    case GENERALIZE -> UserAgentGeneralizer.majorVersion(row.deviceOsVersion());
                    default -> null;
                },
                ua == Action.KEEP ? row.userAgent() : null,
                browser.family(),
                browser.major(),
                browser.osFamily(),
                target.action(Field.PROPERTIES, false) == Action.KEEP && row.properties() != null
                        ? properties(row.properties(), stored.properties(), target.properties()) : null);
    }

    private BrowserSummary browser(StoredFields row, Action ua) {
        if (ua == Action.DROP) {
            return BrowserSummary.UNKNOWN;
        }
        boolean generalised = row.browserFamily() != null || row.browserMajor() != null || row.osFamily() != null;
        if (ua == Action.GENERALIZE && !generalised && row.userAgent() != null) {
            return userAgents.summarize(row.userAgent());
        }
        return new BrowserSummary(row.browserFamily(), row.browserMajor(), row.osFamily());
    }

    private static String unlessDropped(Policy target, Field field, String value) {
        return target.action(field, false) == Action.DROP ? null : value;
    }

    private static String truncated(String network, Policy target) {
        byte[] address = network == null ? null : IpLiteral.parse(network);
        return address == null ? null : IpTruncation.truncate(address, target.ipv4Prefix(), target.ipv6Prefix());
    }

    private ObjectNode properties(ObjectNode stored, Map<String, FieldRule> storedRules,
                                  Map<String, FieldRule> targetRules) {
        ObjectNode out = stored.deepCopy();
        for (Map.Entry<String, FieldRule> rule : targetRules.entrySet()) {
            JsonNode value = out.get(rule.getKey());
            Action want = rule.getValue().withoutConsent();
            if (value == null || want == Action.KEEP) {
                continue;
            }
            if (want == Action.DROP) {
                out.remove(rule.getKey());
                continue;
            }
            Action was = storedRules.getOrDefault(rule.getKey(), FieldRule.KEEP_ALWAYS).withConsent();
            if (was != Action.PSEUDONYMIZE) {
                out.put(rule.getKey(), pseudonymizer.pseudonymize("property",
                        value.isTextual() ? value.textValue() : value.toString()));
            }
        }
        return out;
    }
}
