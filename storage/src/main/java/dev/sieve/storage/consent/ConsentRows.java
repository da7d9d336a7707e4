package dev.sieve.storage.consent;

import dev.sieve.enforcement.consent.ConsentState;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the registry: the query for many subjects and the mapping of its rows to
 * {@link UserConsent}. Shared by the cached store and the repository so both read alike.
 */
final class ConsentRows {
    /** One row per (subject, purpose), or one row with null purpose for a subject without choices. */
    static final String SELECT_SUBJECTS = "SELECT s.subject_id, s.version, c.purpose, c.state"
            + " FROM consent_subjects s LEFT JOIN consent_state c ON c.subject_id = s.subject_id"
            + " WHERE s.subject_id = ANY($1::text[])";

    private ConsentRows() {
    }

    /** The consent of each subject that has rows; subjects without rows are absent. */
    static Map<String, UserConsent> toConsents(RowSet<Row> rows) {
        Map<String, Long> versions = new HashMap<>();
        Map<String, Map<Purpose, ConsentState>> states = new HashMap<>();
        for (Row row : rows) {
            String subject = row.getString("subject_id");
            versions.put(subject, row.getLong("version"));
            Map<Purpose, ConsentState> subjectStates =
                    states.computeIfAbsent(subject, s -> new EnumMap<>(Purpose.class));
            String purpose = row.getString("purpose");
            if (purpose != null) {
                Purpose.fromWire(purpose).ifPresent(p -> subjectStates.put(p, stateOf(row.getString("state"))));
            }
        }
        Map<String, UserConsent> consents = new HashMap<>(versions.size() * 2);
        versions.forEach((subject, version) ->
                consents.put(subject, new UserConsent(subject, states.get(subject), version)));
        return consents;
    }

    static String wireState(boolean granted) {
        return granted ? "granted" : "denied";
    }

    private static ConsentState stateOf(String wire) {
        return "granted".equals(wire) ? ConsentState.GRANTED : ConsentState.DENIED;
    }
}
