package dev.sieve.enforcement.consent;

import io.vertx.core.Future;
import java.util.Map;

/** Records and reads users' consent choices (the consent API's view of the registry). */
public interface ConsentRegistry {

    /**
     * Records choices for the named purposes (others keep their state), bumps the subject's
     * version, keeps the change in the history and makes every node see it.
     *
     * @param source who made the change, e.g. {@code api}
     */
    Future<UserConsent> update(String subjectId, Map<Purpose, Boolean> changes, String source);

    /** The subject's current state; version 0 when the registry has no record. */
    Future<UserConsent> get(String subjectId);
}
