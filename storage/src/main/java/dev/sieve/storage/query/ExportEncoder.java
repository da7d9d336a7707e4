package dev.sieve.storage.query;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Turns exported rows into bytes, collecting them until {@link #pending()} is worth a write. One
 * per export; not thread-safe.
 */
abstract class ExportEncoder {
    /** The exported columns, in select order, and their names in the export. */
    static final String SELECT = "event_id, received_at, event_time, event_type, purpose, user_key, anonymous_key,"
            + " abbrev(ip_network) AS ip_network, ip_key, device_key, device_model, device_class, device_manufacturer,"
            + " device_os, device_os_version, user_agent, browser_family, browser_major, os_family,"
            + " properties::text AS properties, policy_version, consent_version, consented";
    static final List<String> NAMES = List.of("eventId", "receivedAt", "eventTime", "type", "purpose", "userKey",
            "anonymousKey", "ipNetwork", "ipKey", "deviceKey", "deviceModel", "deviceClass", "deviceManufacturer",
            "deviceOs", "deviceOsVersion", "userAgent", "browserFamily", "browserMajor", "osFamily", "properties",
            "policyVersion", "consentVersion", "consented");
    /** Positions of the plain text columns (type to osFamily). */
    static final int FIRST_TEXT = 3;
    static final int LAST_TEXT = 18;
    static final int PROPERTIES = 19;

    static ExportEncoder of(ExportFormat format) {
        return format == ExportFormat.CSV ? new CsvEncoder() : new NdjsonEncoder();
    }

    /** Appends one row. */
    abstract void append(Row row);

    /** Bytes collected and not yet taken. */
    abstract int pending();

    /** The collected bytes (with any header due, even without rows); empties the collection. */
    abstract Buffer take();

    static String time(Row row, int column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant().toString();
    }
}
