package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.UUID;

/** The queries of an export and how each row becomes one NDJSON line ({@code {"type": ..., ...}}). */
final class ExportLines {
    static final String CONSENT_STATE = "SELECT s.version AS subject_version, s.updated_at AS subject_updated_at,"
            + " c.purpose, c.state, c.version, c.updated_at, c.source"
            + " FROM consent_subjects s LEFT JOIN consent_state c ON c.subject_id = s.subject_id WHERE s.subject_id = $1";
    static final String CONSENT_HISTORY = "SELECT purpose, state, version, changed_at, source FROM consent_history"
            + " WHERE subject_id = $1 ORDER BY id";
    static final String EVENTS = "SELECT event_id, received_at, event_time, event_type, purpose, user_key, anonymous_key,"
            + " host(ip_network) AS ip_network, ip_key, device_key, device_model, device_class, device_manufacturer,"
            + " device_os, device_os_version, user_agent, browser_family, browser_major, os_family,"
            + " properties::text AS properties, policy_version, consent_version, consented"
            + " FROM events WHERE user_key = ANY($1::text[])";
    static final String JOBS = "SELECT " + JobRows.COLUMNS + " FROM rights_jobs WHERE subject_hash = $1 ORDER BY created_at";
    static final String ERASURES = "SELECT job_id, key_ids, requested_at, erased_at, events_deleted,"
            + " consent_rows_deleted, quarantine_until FROM rights_erasures WHERE subject_hash = $1 ORDER BY erased_at";
    static final String CLOSURE = "SELECT closed_at, recorded_at FROM rights_account_closures WHERE subject_hash = $1";

    private ExportLines() {
    }

    /** A row as a line of the given type: every column by name, as stored (times in ISO-8601). */
    static ObjectNode columns(String type, Row row) {
        ObjectNode line = JobRows.MAPPER.createObjectNode().put("type", type);
        for (int i = 0; i < row.size(); i++) {
            String name = row.getColumnName(i);
            Object value = row.getValue(i);
            if (value == null) {
                line.putNull(name);
            } else if (name.equals("properties")) {
                line.set(name, JobRows.object((String) value));
            } else if (value instanceof OffsetDateTime time) {
                line.put(name, time.toInstant().toString());
            } else if (value instanceof Long number) {
                line.put(name, number);
            } else if (value instanceof Integer number) {
                line.put(name, number);
            } else if (value instanceof Boolean flag) {
                line.put(name, flag);
            } else if (value instanceof String[] texts) {
                line.set(name, JobRows.strings(List.of(texts)));
            } else if (value instanceof UUID || value instanceof Temporal || value instanceof String) {
                line.put(name, value.toString());
            } else {
                line.put(name, String.valueOf(value));
            }
        }
        return line;
    }

    static Buffer encode(ObjectNode line) {
        return Buffer.buffer(line.toString()).appendByte((byte) '\n');
    }
}
