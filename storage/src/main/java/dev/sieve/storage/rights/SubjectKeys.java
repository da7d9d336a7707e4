package dev.sieve.storage.rights;

import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A user's pseudonyms (what {@code events.user_key} holds) under every key still usable: from the
 * id when a request names it, or, for a job that only knows the subject's hash, from the consent
 * registry's row for that subject (found through the {@code sieve_subject_hash} index). The raw
 * id lives in memory for the length of the call only.
 */
final class SubjectKeys {
    private static final String FIND = "SELECT subject_id FROM consent_subjects WHERE sieve_subject_hash(subject_id) = $1";

    private final PseudonymKeyRing ring;
    private final Clock clock;

    SubjectKeys(PseudonymKeyRing ring, Clock clock) {
        this.ring = Objects.requireNonNull(ring, "ring");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The pseudonyms of {@code userId}, active key first. */
    List<String> of(String userId) {
        return ring.pseudonymsOf(Subjects.USER_DOMAIN, userId, clock.instant());
    }

    /** The pseudonyms of the registry subject with this hash; empty when the registry has no such subject. */
    Future<List<String>> ofRegistered(SqlClient client, String subjectHash) {
        return client.preparedQuery(FIND).execute(Tuple.of(subjectHash))
                .map(rows -> rows.size() == 0 ? List.of() : of(rows.iterator().next().getString(0)));
    }

    /** The ids of the keys a pseudonym list was made with, e.g. {@code [k2, k1]}. */
    static List<String> keyIds(List<String> pseudonyms) {
        return pseudonyms.stream().map(p -> p.substring(0, Math.max(0, p.indexOf(':')))).toList();
    }
}
