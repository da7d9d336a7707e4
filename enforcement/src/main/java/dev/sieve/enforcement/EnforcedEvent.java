package dev.sieve.enforcement;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.EventProperties;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event after enforcement: exactly what may be stored. It holds no raw IP, user id or device
 * id, so it may go to storage, Kafka or a log line. Every null field was dropped (or absent).
 *
 * @param userKey        pseudonym of the user id
 * @param anonymousKey   pseudonym of the anonymous id
 * @param ipNetwork      truncated IP address literal (the network), when the policy truncates
 * @param ipKey          pseudonym of the IP, when the policy pseudonymises it
 * @param deviceKey      pseudonym of the device id
 * @param deviceClass    generalised device model (phone, tablet, desktop, tv, wearable, console, other)
 * @param userAgent      raw user agent, only when the policy keeps it
 * @param browserFamily  generalised user agent: browser family
 * @param browserMajor   generalised user agent: browser major version
 * @param osFamily       generalised user agent: operating system family
 * @param properties     the kept properties (the client's JSON text when no rule changed them), or null
 * @param policyVersion  the policy version applied
 * @param consentVersion the consent registry version applied (0: the registry had no record)
 * @param consented      whether the event's purpose counted as consented (the "with consent" rules applied)
 */
public record EnforcedEvent(
        UUID eventId,
        Instant receivedAt,
        Instant eventTime,
        String eventType,
        Purpose purpose,
        String userKey,
        String anonymousKey,
        String ipNetwork,
        String ipKey,
        String deviceKey,
        String deviceModel,
        String deviceClass,
        String deviceManufacturer,
        String deviceOs,
        String deviceOsVersion,
        String userAgent,
        String browserFamily,
        String browserMajor,
        String osFamily,
        EventProperties properties,
        long policyVersion,
        long consentVersion,
        boolean consented) {

    public EnforcedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(purpose, "purpose");
    }
}
