package dev.sieve.storage.pg;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.enforcement.consent.Purpose;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code events} as stored: what enforcement let through for one event, and the policy
 * and consent versions applied. A null optional column was dropped (or absent on the event). It
 * holds pseudonyms and generalised values only, never raw identifiers.
 *
 * @param purpose   null only if the row holds a purpose this build does not know
 * @param ipNetwork the truncated IP in PostgreSQL's inet text form ({@code 203.0.113.0}, or with a prefix length when not /32 or /128)
 * @param properties the stored properties object, treat as read-only
 * @param consented whether the purpose counted as consented; null on rows stored before that was recorded
 */
public record StoredEvent(UUID eventId, Instant receivedAt, Instant eventTime, String eventType, Purpose purpose,
                          String userKey, String anonymousKey, String ipNetwork, String ipKey, String deviceKey,
                          String deviceModel, String deviceClass, String deviceManufacturer, String deviceOs,
                          String deviceOsVersion, String userAgent, String browserFamily, String browserMajor,
                          String osFamily, JsonNode properties, long policyVersion, long consentVersion,
                          Boolean consented) {

    public StoredEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(eventType, "eventType");
    }

    /** The names of the optional columns that hold a value, in table order (e.g. {@code user_key, ip_network}). */
    public List<String> presentColumns() {
        Object[] values = {userKey, anonymousKey, ipNetwork, ipKey, deviceKey, deviceModel, deviceClass,
                deviceManufacturer, deviceOs, deviceOsVersion, userAgent, browserFamily, browserMajor, osFamily,
                properties};
        List<String> present = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                present.add(EventRows.OPTIONAL_COLUMNS.get(i));
            }
        }
        return present;
    }

    @Override
    public String toString() {
        // Pseudonyms are still personal data: keep them out of logs.
        return "StoredEvent[eventId=" + eventId + ", purpose=" + purpose + ", policyVersion=" + policyVersion
                + ", consentVersion=" + consentVersion + ", present=" + presentColumns() + "]";
    }
}
