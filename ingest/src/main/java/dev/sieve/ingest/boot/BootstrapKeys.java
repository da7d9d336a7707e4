package dev.sieve.ingest.boot;

import dev.sieve.ingest.auth.Role;
import dev.sieve.storage.auth.ApiKeyRepository;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The keys that must exist at start: from settings, else (development mode) the generated ones. */
final class BootstrapKeys {
    private final Map<Role, String> keys = new EnumMap<>(Role.class);

    BootstrapKeys(dev.sieve.ingest.config.SieveConfig.BootstrapKeys configured, DevSecrets dev) {
        put(Role.WRITER, configured.writer(), dev == null ? null : dev.writerKey());
        put(Role.CONSENT, configured.consent(), dev == null ? null : dev.consentKey());
        put(Role.PRIVACY_ADMIN, configured.privacyAdmin(), dev == null ? null : dev.privacyAdminKey());
        put(Role.ANALYST, configured.analyst(), dev == null ? null : dev.analystKey());
    }

    private void put(Role role, Optional<String> configured, String generated) {
        configured.or(() -> Optional.ofNullable(generated)).ifPresent(k -> keys.put(role, k));
    }

    /** The raw key of a role, if one is bootstrapped (printed only in development mode). */
    Optional<String> of(Role role) {
        return Optional.ofNullable(keys.get(role));
    }

    Future<Void> ensure(ApiKeyRepository repository) {
        List<Future<Void>> all = new ArrayList<>();
        keys.forEach((role, key) -> all.add(repository.ensure(key, role.wireName(), "bootstrap " + role.wireName())));
        return Future.all(all).mapEmpty();
    }
}
