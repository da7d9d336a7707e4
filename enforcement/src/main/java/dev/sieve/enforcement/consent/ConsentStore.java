package dev.sieve.enforcement.consent;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;

/**
 * Reads the consent registry. Implementations fetch every subject of a batch in one round trip
 * and never report a cache miss as {@link ConsentState#UNKNOWN} without asking the registry.
 */
public interface ConsentStore {

    /**
     * The consent of each given subject. The answer has an entry for every subject asked for;
     * subjects the registry has never seen map to {@link UserConsent#unknown(String)}.
     */
    Future<Map<String, UserConsent>> lookup(Collection<String> subjectIds);
}
