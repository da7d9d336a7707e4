package dev.sieve.ingest.boot;

import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.auth.Role;
import dev.sieve.storage.auth.ApiKeyRepository;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Reads every API key hash from the database into an immutable {@link ApiKeys} snapshot. */
final class KeyLoader {
    private KeyLoader() {
    }

    static Future<Void> load(ApiKeyRepository repository, AtomicReference<ApiKeys> target) {
        return repository.loadAll().map(rows -> {
            Map<byte[], Role> keys = new HashMap<>();
            rows.forEach((hex, role) -> Role.fromWire(role)
                    .ifPresent(r -> keys.put(HexFormat.of().parseHex(hex), r)));
            target.set(new ApiKeys(keys));
            return null;
        });
    }
}
