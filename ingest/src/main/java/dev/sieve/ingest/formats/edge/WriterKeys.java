package dev.sieve.ingest.formats.edge;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.auth.Principal;
import dev.sieve.ingest.auth.Role;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Checks the write keys a foreign format carries (Segment's write key, PostHog's token, the
 * writer key a Snowplow app id maps to) against Sieve's writer keys. Messages never repeat a key.
 */
public final class WriterKeys {
    private final Supplier<ApiKeys> keys;

    public WriterKeys(Supplier<ApiKeys> keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The principal of the one key a request names.
     *
     * @param howToSend where the format expects the key, for the 401 message
     * @throws SieveException 401 for no key, several different keys or an unknown key; 403 for a
     *                        key of another role
     */
    public Principal requireOne(Collection<String> presented, String howToSend) {
        if (presented.isEmpty()) {
            throw new SieveException(ErrorCode.UNAUTHORIZED, "no write key: " + howToSend);
        }
        if (presented.size() > 1) {
            throw new SieveException(ErrorCode.UNAUTHORIZED, "the request names more than one write key");
        }
        return writer(presented.iterator().next());
    }

    /** Like {@link #requireOne}, for requests whose events may name different writers; the first one's principal. */
    public Principal requireEach(Collection<String> presented, String howToSend) {
        if (presented.isEmpty()) {
            throw new SieveException(ErrorCode.UNAUTHORIZED, "no write key: " + howToSend);
        }
        Principal first = null;
        for (String key : presented) {
            Principal p = writer(key);
            first = first == null ? p : first;
        }
        return first;
    }

    private Principal writer(String key) {
        Principal principal = keys.get().principalOf(key).orElse(null);
        if (principal == null) {
            throw new SieveException(ErrorCode.UNAUTHORIZED, "unknown write key");
        }
        if (principal.role() != Role.WRITER) {
            throw new SieveException(ErrorCode.FORBIDDEN, "this key's role cannot send events");
        }
        return principal;
    }
}
