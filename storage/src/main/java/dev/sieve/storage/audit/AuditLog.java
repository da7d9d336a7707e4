package dev.sieve.storage.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The hash-chained audit log ({@code audit_log}): every privacy-relevant change appends an entry
 * in the same transaction as the change, so both commit or neither. Each entry's hash covers the
 * previous entry's hash and its own content ({@link AuditChain} defines the bytes), so altering,
 * deleting or reordering entries is found by {@link #verify()}.
 *
 * <p>Appends are serialised by a transaction-level advisory lock held until the caller commits:
 * audited changes are rare, and this keeps seq gap-free and the chain linear. The caller's
 * transaction must be READ COMMITTED (the default), so that the read after the lock sees the
 * entry the previous holder committed.
 *
 * <p>Never put personal data in an entry: subjects are like {@code policy:5} or
 * {@link #hashedSubject(String, String)}; details describe rules, not people.
 */
public final class AuditLog {
    /** Maximum entries per {@link #list} call. */
    public static final int MAX_LIST = 1_000;
    /** The advisory lock key ("SIEVEAUD" in ASCII). */
    static final long LOCK_KEY = 0x5349455645415544L;
    private static final int VERIFY_PAGE_SIZE = 500;
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final String LOCK = "SELECT pg_advisory_xact_lock($1)";
    // A separate statement after the lock: a statement's snapshot predates any wait inside it.
    private static final String HEAD = "SELECT clock_timestamp(), last.seq, last.hash FROM (SELECT 1) AS one"
            + " LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS last ON true";
    private static final String INSERT = "INSERT INTO audit_log"
            + " (seq, at, actor, action, subject, reason, details, prev_hash, hash)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9)";
    private static final String PAGE = "SELECT seq, at, actor, action, subject, reason, details::text, prev_hash, hash"
            + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2";

    private final Pool pool;
    private final int verifyPageSize;

    public AuditLog(Pool pool) {
        this(pool, VERIFY_PAGE_SIZE);
    }

    AuditLog(Pool pool, int verifyPageSize) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.verifyPageSize = verifyPageSize;
    }

    /**
     * Appends an entry inside the caller's transaction {@code tx} (from {@code Pool.withTransaction}
     * or {@code SqlConnection.begin}, never an autocommit connection); it becomes visible when that
     * transaction commits, and blocks other appends until then.
     *
     * @param details a JSON object describing the change (null: {@code {}})
     * @return the entry as it will be stored; fails with {@link ErrorCode#INVALID_REQUEST} when a
     *         text is blank, or with the classified database failure
     */
    public Future<AuditEntry> append(SqlConnection tx, String actor, String action, String subject, String reason,
                                     JsonNode details) {
        Objects.requireNonNull(tx, "tx");
        JsonNode content = details == null ? JsonNodeFactory.instance.objectNode() : details.deepCopy();
        if (isBlank(actor) || isBlank(action) || isBlank(subject) || isBlank(reason)) {
            return Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST,
                    "an audited change needs an actor, an action, a subject and a non-blank reason"));
        }
        return tx.preparedQuery(LOCK).execute(Tuple.of(LOCK_KEY))
                .compose(locked -> tx.preparedQuery(HEAD).execute())
                .compose(head -> insert(tx, head.iterator().next(), actor, action, subject, reason, content))
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    private static Future<AuditEntry> insert(SqlConnection tx, Row head, String actor, String action, String subject,
                                             String reason, JsonNode details) {
        Long lastSeq = head.getLong(1);
        long seq = lastSeq == null ? 1 : lastSeq + 1;
        byte[] prevHash = lastSeq == null ? AuditChain.genesis() : head.getBuffer(2).getBytes();
        Instant at = head.getOffsetDateTime(0).toInstant();
        byte[] hash = AuditChain.hash(prevHash, seq, at, actor, action, subject, reason, details);
        AuditEntry entry = new AuditEntry(seq, at, actor, action, subject, reason, details, hex(prevHash), hex(hash));
        return tx.preparedQuery(INSERT)
                .execute(Tuple.wrap(new Object[] {seq, at.atOffset(ZoneOffset.UTC), actor, action, subject, reason,
                        CanonicalJson.write(details), Buffer.buffer(prevHash), Buffer.buffer(hash)}))
                .map(inserted -> entry);
    }

    /** Up to {@code limit} (1 to {@value #MAX_LIST}) entries with seq above {@code afterSeq}, oldest first. */
    public Future<List<AuditEntry>> list(long afterSeq, int limit) {
        int bounded = Math.max(1, Math.min(limit, MAX_LIST));
        return pool.preparedQuery(PAGE).execute(Tuple.of(afterSeq, bounded))
                .map(rows -> {
                    List<AuditEntry> entries = new ArrayList<>(rows.size());
                    rows.forEach(row -> entries.add(toEntry(row)));
                    return entries;
                })
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /**
     * Reads the whole chain in pages of {@value #VERIFY_PAGE_SIZE} entries (memory stays bounded) and recomputes
     * every hash. Stops at the first gap in seq, prev_hash that is not the previous entry's hash,
     * or hash that is not the hash of the entry's content.
     */
    public Future<AuditVerification> verify() {
        return verifyFrom(new ChainCursor()).recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    private Future<AuditVerification> verifyFrom(ChainCursor cursor) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(cursor.lastSeq, verifyPageSize)).compose(rows -> {
            for (Row row : rows) {
                AuditVerification broken = cursor.check(row);
                if (broken != null) {
                    return Future.succeededFuture(broken);
                }
            }
            return rows.size() < verifyPageSize
                    ? Future.succeededFuture(AuditVerification.intact(cursor.checked, hex(cursor.lastHash)))
                    : verifyFrom(cursor);
        });
    }

    /** A subject naming a person or device without identifying it: {@code kind:} + SHA-256 hex of the id. */
    public static String hashedSubject(String kind, String id) {
        byte[] digest = AuditChain.sha256().digest(id.getBytes(StandardCharsets.UTF_8));
        return kind + ":" + hex(digest);
    }

    /** Where verification stands: the last intact entry. */
    private static final class ChainCursor {
        private long lastSeq;
        private byte[] lastHash = AuditChain.genesis();
        private long checked;

        /** Checks the next entry; null when intact (and the cursor moved past it), else the break. */
        AuditVerification check(Row row) {
            AuditEntry entry = toEntry(row);
            byte[] prevHash = row.getBuffer("prev_hash").getBytes();
            byte[] hash = row.getBuffer("hash").getBytes();
            long expected = lastSeq + 1;
            if (entry.seq() != expected) {
                return broken(expected, AuditVerification.Problem.GAP, expected == 1
                        ? "the chain starts at entry " + entry.seq() + " instead of 1"
                        : "entry " + expected + " is missing (the next entry is " + entry.seq() + ")");
            }
            if (!MessageDigest.isEqual(prevHash, lastHash)) {
                return broken(expected, AuditVerification.Problem.PREV_HASH_MISMATCH,
                        "entry " + expected + " does not point at the hash of entry " + lastSeq);
            }
            byte[] recomputed = AuditChain.hash(prevHash, entry.seq(), entry.at(), entry.actor(), entry.action(),
                    entry.subject(), entry.reason(), entry.details());
            if (!MessageDigest.isEqual(recomputed, hash)) {
                return broken(expected, AuditVerification.Problem.HASH_MISMATCH,
                        "entry " + expected + " does not match its hash: its content was changed");
            }
            lastSeq = expected;
            lastHash = hash;
            checked++;
            return null;
        }

        private AuditVerification broken(long seq, AuditVerification.Problem problem, String detail) {
            return AuditVerification.broken(checked, seq, problem, detail, hex(lastHash));
        }
    }

    private static AuditEntry toEntry(Row row) {
        return new AuditEntry(row.getLong("seq"), row.getOffsetDateTime("at").toInstant(), row.getString("actor"),
                row.getString("action"), row.getString("subject"), row.getString("reason"),
                parse(row.getString("details")), hex(row.getBuffer("prev_hash").getBytes()),
                hex(row.getBuffer("hash").getBytes()));
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // jsonb always holds valid JSON; this would be a driver or server fault
            throw new IllegalStateException("audit details are not valid JSON");
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
