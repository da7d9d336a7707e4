package dev.sieve.storage.rights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The SQL of {@code rights_jobs} and the mapping of its rows, in one place. */
final class JobRows {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String COLUMNS = "id, kind, subject_hash, params::text AS params, state, attempts, requested_by,"
            + " created_at, not_before, started_at, finished_at, progress::text AS progress, result::text AS result,"
            + " last_error";
    static final String INSERT = "INSERT INTO rights_jobs"
            + " (id, kind, subject_hash, user_keys, params, idempotency_key, requested_by, not_before)"
            + " VALUES ($1, $2, $3, $4::text[], $5::text::jsonb, $6, $7, $8)"
            // Any unique index: the idempotency key, or the one open erasure/closure per subject.
            + " ON CONFLICT DO NOTHING RETURNING " + COLUMNS;
    static final String EXISTING = "SELECT " + COLUMNS + " FROM rights_jobs WHERE idempotency_key = $1"
            + " OR (kind = $2 AND subject_hash = $3 AND state IN ('pending', 'running')"
            + " AND kind IN ('erasure', 'account_closed')) ORDER BY created_at DESC LIMIT 1";
    static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM rights_jobs WHERE id = $1";
    static final String LIST = "SELECT " + COLUMNS + " FROM rights_jobs"
            + " WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR kind = $2)"
            + " AND ($3::text IS NULL OR subject_hash = $3) AND created_at < $4"
            + " ORDER BY created_at DESC LIMIT $5";
    static final String CLAIM = "UPDATE rights_jobs SET state = 'running', attempts = attempts + 1,"
            + " lease_token = $1, lease_until = now() + $2 * interval '1 millisecond',"
            + " started_at = coalesce(started_at, now())"
            + " WHERE id = (SELECT id FROM rights_jobs"
            + " WHERE ((state = 'pending' AND not_before <= now()) OR (state = 'running' AND lease_until < now()))"
            // One retention run at a time: two would detach the same partitions.
            + " AND (kind <> 'retention' OR NOT EXISTS (SELECT 1 FROM rights_jobs r WHERE r.kind = 'retention'"
            + " AND r.state = 'running' AND r.lease_until >= now()))"
            + " ORDER BY not_before LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + COLUMNS + ", user_keys";
    /** The fence every step commits through: it only matches while this claim holds the job. */
    static final String FENCE = "UPDATE rights_jobs SET progress = $3::text::jsonb,"
            + " user_keys = coalesce($4::text[], user_keys), lease_until = now() + $5 * interval '1 millisecond'"
            + " WHERE id = $1 AND lease_token = $2 AND state = 'running'";
    static final String DONE = "UPDATE rights_jobs SET state = 'done', finished_at = now(), progress = $3::text::jsonb,"
            + " result = $4::text::jsonb, user_keys = NULL, lease_token = NULL, lease_until = NULL, last_error = NULL"
            + " WHERE id = $1 AND lease_token = $2 AND state = 'running'";
    static final String RELEASE = "UPDATE rights_jobs SET state = $3, lease_token = NULL, lease_until = NULL,"
            + " not_before = now() + $4 * interval '1 millisecond', last_error = $5,"
            + " finished_at = CASE WHEN $3 = 'failed' THEN now() END"
            + " WHERE id = $1 AND lease_token = $2 AND state = 'running'";
    static final String RETRY = "UPDATE rights_jobs SET state = 'pending', attempts = 0, not_before = now(),"
            + " finished_at = NULL WHERE id = $1 AND state = 'failed' RETURNING " + COLUMNS;
    static final String NOTIFY = "SELECT pg_notify('" + JobRunner.CHANNEL + "', $1)";

    private JobRows() {
    }

    static RightsJob toJob(Row row) {
        return new RightsJob(row.getUUID("id"),
                JobKind.fromWire(row.getString("kind")).orElseThrow(),
                row.getString("subject_hash"),
                object(row.getString("params")),
                JobState.fromWire(row.getString("state")).orElseThrow(),
                row.getInteger("attempts"),
                row.getString("requested_by"),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("not_before")),
                instant(row.getOffsetDateTime("started_at")),
                instant(row.getOffsetDateTime("finished_at")),
                object(row.getString("progress")),
                row.getString("result") == null ? null : object(row.getString("result")),
                row.getString("last_error"));
    }

    static ClaimedJob toClaimed(Row row, UUID leaseToken) {
        String[] keys = row.getArrayOfStrings("user_keys");
        return new ClaimedJob(toJob(row), keys == null ? List.of() : Arrays.asList(keys), leaseToken);
    }

    static Tuple insertParameters(NewJob job) {
        return Tuple.wrap(new Object[] {job.id(), job.kind().wireName(), job.subjectHash(),
                job.userKeys() == null ? null : job.userKeys().toArray(String[]::new), json(job.params()),
                job.idempotencyKey(), job.requestedBy(), utc(job.notBefore())});
    }

    static ObjectNode object(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node instanceof ObjectNode object ? object : MAPPER.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rights job column does not hold valid JSON");
        }
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static String json(JsonNode node) {
        return node == null ? null : node.toString();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
