package dev.sieve.ingest.formats.wire;

import dev.sieve.ingest.decode.DecodedBatch;
import java.util.Objects;
import java.util.Set;

/**
 * A foreign request decoded: its events (as for the native format) and the credentials the
 * format carries in the body, which the edge checks before anything is enforced or stored.
 *
 * @param credentials       the distinct write keys, tokens or app ids the request names (values
 *                          are secrets or near-secrets: never log or echo them)
 * @param missingCredential whether some event named none, for formats that need one per event
 */
public record WireBatch(DecodedBatch batch, Set<String> credentials, boolean missingCredential) {

    public WireBatch {
        Objects.requireNonNull(batch, "batch");
        credentials = Set.copyOf(credentials);
    }

    @Override
    public String toString() {
        return "WireBatch[total=" + batch.total() + ", credentials=" + credentials.size() + "]";
    }
}
