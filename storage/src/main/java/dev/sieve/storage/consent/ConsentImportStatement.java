package dev.sieve.storage.consent;

import dev.sieve.enforcement.consent.Purpose;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two statements of a bulk import, and their parameters: the batch merged per subject (later
 * rows win), sorted by subject id, and flattened into one (subject, purpose, state) array triple.
 *
 * <p>{@link #LOCK} locks the existing subjects in id order (the same order any other import takes
 * them in, and {@code update} locks only one), so concurrent changes wait instead of deadlocking;
 * {@link #APPLY} runs after it, in a statement whose snapshot sees what they committed. Only
 * purposes whose state differs from the stored one count: re-running an import changes nothing.
 */
final class ConsentImportStatement {
    static final String LOCK = "SELECT subject_id FROM consent_subjects WHERE subject_id = ANY($1::text[])"
            + " ORDER BY subject_id FOR UPDATE";
    static final String APPLY = "WITH input AS ("
            + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS i(subject_id, purpose, state)),"
            // One primary-key probe per input row, whatever the size of consent_state (a join may
            // be planned as a hash of the whole table).
            + " changes AS (SELECT i.subject_id, i.purpose, i.state FROM input i"
            + " WHERE i.state IS DISTINCT FROM (SELECT c.state FROM consent_state c"
            + " WHERE c.subject_id = i.subject_id AND c.purpose = i.purpose)),"
            + " bumped AS (INSERT INTO consent_subjects (subject_id, version, updated_at)"
            + " SELECT DISTINCT subject_id, 1, now() FROM changes ORDER BY subject_id"
            + " ON CONFLICT (subject_id) DO UPDATE SET version = consent_subjects.version + 1, updated_at = now()"
            + " RETURNING subject_id, version),"
            + " history AS (INSERT INTO consent_history (subject_id, purpose, state, version, source)"
            + " SELECT c.subject_id, c.purpose, c.state, b.version, $4 FROM changes c JOIN bumped b USING (subject_id)),"
            + " stored AS (INSERT INTO consent_state (subject_id, purpose, state, version, updated_at, source)"
            + " SELECT c.subject_id, c.purpose, c.state, b.version, now(), $4 FROM changes c JOIN bumped b USING (subject_id)"
            + " ON CONFLICT (subject_id, purpose) DO UPDATE SET state = excluded.state, version = excluded.version,"
            + " updated_at = excluded.updated_at, source = excluded.source)"
            + " SELECT subject_id, pg_notify('" + ConsentRepository.CHANNEL + "',"
            + " encode(sha256(convert_to(subject_id, 'UTF8')), 'hex')) FROM bumped";

    private final String[] subjects;
    private final String[] subjectColumn;
    private final String[] purposes;
    private final String[] states;

    private ConsentImportStatement(String[] subjects, String[] subjectColumn, String[] purposes, String[] states) {
        this.subjects = subjects;
        this.subjectColumn = subjectColumn;
        this.purposes = purposes;
        this.states = states;
    }

    static ConsentImportStatement of(List<ConsentImport> rows) {
        Map<String, Map<Purpose, Boolean>> merged = new TreeMap<>();
        for (ConsentImport row : rows) {
            merged.computeIfAbsent(row.subjectId(), id -> new EnumMap<>(Purpose.class)).putAll(row.choices());
        }
        merged.values().removeIf(Map::isEmpty);
        List<String> subjectColumn = new ArrayList<>();
        List<String> purposes = new ArrayList<>();
        List<String> states = new ArrayList<>();
        merged.forEach((subject, choices) -> choices.forEach((purpose, granted) -> {
            subjectColumn.add(subject);
            purposes.add(purpose.wireName());
            states.add(ConsentRows.wireState(granted));
        }));
        return new ConsentImportStatement(merged.keySet().toArray(String[]::new),
                subjectColumn.toArray(String[]::new), purposes.toArray(String[]::new), states.toArray(String[]::new));
    }

    boolean isEmpty() {
        return subjects.length == 0;
    }

    /** The distinct subjects, sorted. */
    String[] subjects() {
        return subjects;
    }

    Tuple lockParameters() {
        return Tuple.of(subjects);
    }

    Tuple applyParameters(String source) {
        return Tuple.of(subjectColumn, purposes, states, source);
    }
}
