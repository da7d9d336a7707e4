package dev.sieve.storage.auth;

import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * API keys, stored as the SHA-256 of the raw key with the role each grants. Ingest loads them all
 * ({@link #loadAll()}), hashes a presented key with {@link #sha256Hex(String)} and compares hashes
 * in constant time ({@link MessageDigest#isEqual}).
 */
public final class ApiKeyRepository {
    private static final String UPSERT = "INSERT INTO api_keys (key_hash, role, name) VALUES ($1, $2, $3)"
            + " ON CONFLICT (key_hash) DO UPDATE SET role = excluded.role, name = excluded.name";
    private static final String SELECT_ALL = "SELECT key_hash, role FROM api_keys";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Makes {@code rawKey} exist with this role and name (a bootstrap key from the configuration).
     *
     * @param role one of {@code writer}, {@code consent}, {@code privacy-admin}, {@code analyst}
     */
    public Future<Void> ensure(String rawKey, String role, String name) {
        Objects.requireNonNull(rawKey, "rawKey");
        return pool.preparedQuery(UPSERT)
                .execute(Tuple.of(Buffer.buffer(sha256(rawKey)), role, name))
                .<Void>mapEmpty()
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /** Every key: SHA-256 of the raw key (lower-case hex) to role. */
    public Future<Map<String, String>> loadAll() {
        return pool.query(SELECT_ALL).execute()
                .map(rows -> {
                    Map<String, String> roles = new HashMap<>();
                    for (Row row : rows) {
                        roles.put(HexFormat.of().formatHex(row.getBuffer(0).getBytes()), row.getString(1));
                    }
                    return roles;
                })
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /** The SHA-256 of a raw key, as stored. */
    public static byte[] sha256(String rawKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(rawKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The SHA-256 of a raw key in lower-case hex, the key of {@link #loadAll()}. */
    public static String sha256Hex(String rawKey) {
        return HexFormat.of().formatHex(sha256(rawKey));
    }
}
