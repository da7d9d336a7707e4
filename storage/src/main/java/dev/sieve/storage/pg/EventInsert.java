package dev.sieve.storage.pg;

import dev.sieve.enforcement.EnforcedEvent;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The statements that store a batch of events: every column bound as one array and unnested, the
 * same parameters for each. Exact dedupe needs every stored id in {@code event_ids} (see V1).
 *
 * <ul>
 *   <li>{@link #ALL_NEW_SQL}, the one a writer sends first: claims every id in {@code event_ids}
 *   and stores every row, with plain inserts. If one id was stored before (a retry), the primary
 *   key of {@code event_ids} fails the whole statement ({@link #isIdStoredBefore}) and nothing of it
 *   is kept. It costs PostgreSQL about 15 % less than {@link #SKIP_STORED_SQL}
 *   ({@code load-tests/statement-cost}), because it needs no {@code ON CONFLICT}, no
 *   {@code RETURNING} and no join.</li>
 *   <li>{@link #SKIP_STORED_SQL}: inserts only the rows whose id {@code event_ids} did not hold yet
 *   and returns the ids stored now; the others were duplicates.</li>
 * </ul>
 *
 * <p>Ids must be unique within a batch. Both claim ids in {@code event_id} order: two batches
 * holding the same ids (a retry racing its original on another connection) then wait for each
 * other instead of deadlocking.
 *
 * <p>The arrays are unnested in the select list ({@code SELECT unnest($1::uuid[]), unnest($2...)}),
 * not in {@code FROM}: there PostgreSQL runs {@code unnest(a, b, ...)} as one function scan per
 * array and copies every value into a tuplestore before the first row is inserted. In the select
 * list the arrays are read in lockstep, row by row, without a copy; they always have the same
 * length. In a batch-100 load run, PostgreSQL's CPU in tuplestores and tuple slots fell from 6.4 to
 * 2.3 µs per row ({@code load-tests/pg-perf}; docs/performance.md).
 *
 * <p>Casts are deliberate: properties go as {@code bytea[]} of UTF-8 JSON and become jsonb through
 * {@code convert_from} (a {@code String} bound as jsonb would be stored as a JSON string),
 * {@code text[]::inet[]} (strings don't bind to inet).
 */
final class EventInsert {
    /** One bound array, in {@link #bind}'s order; {@code stored} turns one of its elements ({@code %s}) into the column's value. */
    private record Column(String name, String parameterType, String stored) {
        Column(String name, String parameterType) {
            this(name, parameterType, "%s");
        }

        String stored(String element) {
            return stored.formatted(element);
        }
    }

    /** The parameters of every statement, in this order; {@link #bind} fills them in the same order. */
    private static final List<Column> COLUMNS = List.of(
            new Column("event_id", "uuid[]"),
            new Column("received_at", "timestamptz[]"),
            new Column("event_time", "timestamptz[]"),
            new Column("event_type", "text[]"),
            new Column("purpose", "text[]"),
            new Column("user_key", "text[]"),
            new Column("anonymous_key", "text[]"),
            new Column("ip_network", "text[]::inet[]"),
            new Column("ip_key", "text[]"),
            new Column("device_key", "text[]"),
            new Column("device_model", "text[]"),
            new Column("device_class", "text[]"),
            new Column("device_manufacturer", "text[]"),
            new Column("device_os", "text[]"),
            new Column("device_os_version", "text[]"),
            new Column("user_agent", "text[]"),
            new Column("browser_family", "text[]"),
            new Column("browser_major", "text[]"),
            new Column("os_family", "text[]"),
            new Column("properties", "bytea[]", "convert_from(%s, 'UTF8')::jsonb"),
            new Column("policy_version", "int8[]"),
            new Column("consent_version", "int8[]"),
            new Column("consented", "bool[]"));

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String EVENT_IDS_PRIMARY_KEY = "event_ids_pkey";

    private static final String COLUMN_NAMES = COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
    private static final String INSERT_EVENTS = "INSERT INTO events (" + COLUMN_NAMES + ") SELECT ";
    /** Every array unnested in the select list, one row per index; each element named after its column. */
    private static final String INPUT_ROWS = "SELECT " + joinColumns(i -> unnest(i) + " AS " + COLUMNS.get(i).name());
    /** The events' values straight from the arrays, stored form applied. */
    private static final String STORED_ROWS = joinColumns(i -> COLUMNS.get(i).stored(unnest(i)));

    /** Claims every id and stores every row; fails as a whole if one id was stored before. */
    static final String ALL_NEW_SQL = "WITH claimed AS (INSERT INTO event_ids (event_id, received_at)"
            + " SELECT " + unnest(0) + " AS event_id, " + unnest(1) + " AS received_at ORDER BY event_id)"
            + " " + INSERT_EVENTS + STORED_ROWS;

    /** Stores the rows whose id was not stored before; returns the ids stored now. */
    static final String SKIP_STORED_SQL = "WITH input AS (" + INPUT_ROWS + "),"
            + " fresh AS (INSERT INTO event_ids (event_id, received_at)"
            + " SELECT event_id, received_at FROM input ORDER BY event_id"
            + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id)"
            + " " + INSERT_EVENTS + joinColumns(i -> COLUMNS.get(i).stored("input." + COLUMNS.get(i).name()))
            + " FROM input JOIN fresh ON fresh.event_id = input.event_id"
            + " RETURNING event_id";

    /** The events insert alone, without dedupe: for measuring what the dedupe costs, never for storing. */
    static final String WITHOUT_DEDUPE_SQL = INSERT_EVENTS + STORED_ROWS;

    private EventInsert() {
    }

    /** {@code unnest($n::type)} for the column at {@code index}. */
    private static String unnest(int index) {
        return "unnest($" + (index + 1) + "::" + COLUMNS.get(index).parameterType() + ")";
    }

    private static String joinColumns(IntFunction<String> column) {
        return IntStream.range(0, COLUMNS.size()).mapToObj(column).collect(Collectors.joining(", "));
    }

    /**
     * Whether {@link #ALL_NEW_SQL} failed because an id in the batch was stored before (or is
     * being stored by a batch committing now): then nothing of it was stored, and
     * {@link #SKIP_STORED_SQL} stores the rest.
     */
    static boolean isIdStoredBefore(Throwable failure) {
        return failure instanceof PgException pg
                && UNIQUE_VIOLATION.equals(pg.getSqlState())
                && EVENT_IDS_PRIMARY_KEY.equals(pg.getConstraint());
    }

    /** The names of the bound columns, in parameter order. */
    static List<String> columnNames() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    /**
     * The statement's parameters for {@code rows} (unique ids): one typed array per column, in
     * {@link #COLUMNS}' order. Filled row by row with plain accessor calls, so each event is read
     * once. Column by column, through a lambda per column, each event was read 23 times and the
     * shared call site could not be inlined: binding was 10 % of the service's samples in a batch
     * run, and takes 170 instead of 237 ns per row now (659 realistic rows, warm caches).
     */
    static Tuple bind(List<EnforcedEvent> rows) {
        int n = rows.size();
        UUID[] eventId = new UUID[n];
        OffsetDateTime[] receivedAt = new OffsetDateTime[n];
        OffsetDateTime[] eventTime = new OffsetDateTime[n];
        String[] eventType = new String[n];
        String[] purpose = new String[n];
        String[] userKey = new String[n];
        String[] anonymousKey = new String[n];
        String[] ipNetwork = new String[n];
        String[] ipKey = new String[n];
        String[] deviceKey = new String[n];
        String[] deviceModel = new String[n];
        String[] deviceClass = new String[n];
        String[] deviceManufacturer = new String[n];
        String[] deviceOs = new String[n];
        String[] deviceOsVersion = new String[n];
        String[] userAgent = new String[n];
        String[] browserFamily = new String[n];
        String[] browserMajor = new String[n];
        String[] osFamily = new String[n];
        Buffer[] properties = new Buffer[n];
        Long[] policyVersion = new Long[n];
        Long[] consentVersion = new Long[n];
        Boolean[] consented = new Boolean[n];
        Instant lastReceived = null;
        OffsetDateTime lastReceivedUtc = null;
        for (int r = 0; r < n; r++) {
            EnforcedEvent e = rows.get(r);
            eventId[r] = e.eventId();
            if (!e.receivedAt().equals(lastReceived)) { // the events of one request share it
                lastReceived = e.receivedAt();
                lastReceivedUtc = utc(lastReceived);
            }
            receivedAt[r] = lastReceivedUtc;
            eventTime[r] = utc(e.eventTime());
            eventType[r] = e.eventType();
            purpose[r] = e.purpose().wireName();
            userKey[r] = e.userKey();
            anonymousKey[r] = e.anonymousKey();
            ipNetwork[r] = e.ipNetwork();
            ipKey[r] = e.ipKey();
            deviceKey[r] = e.deviceKey();
            deviceModel[r] = e.deviceModel();
            deviceClass[r] = e.deviceClass();
            deviceManufacturer[r] = e.deviceManufacturer();
            deviceOs[r] = e.deviceOs();
            deviceOsVersion[r] = e.deviceOsVersion();
            userAgent[r] = e.userAgent();
            browserFamily[r] = e.browserFamily();
            browserMajor[r] = e.browserMajor();
            osFamily[r] = e.osFamily();
            properties[r] = properties(e);
            policyVersion[r] = e.policyVersion();
            consentVersion[r] = e.consentVersion();
            consented[r] = e.consented();
        }
        return Tuple.wrap(new Object[] {eventId, receivedAt, eventTime, eventType, purpose, userKey, anonymousKey,
                ipNetwork, ipKey, deviceKey, deviceModel, deviceClass, deviceManufacturer, deviceOs, deviceOsVersion,
                userAgent, browserFamily, browserMajor, osFamily, properties, policyVersion, consentVersion, consented});
    }

    /**
     * The properties' JSON as UTF-8 bytes, turned back into text by PostgreSQL: the client
     * encodes a {@code String} into a text array one char at a time, which cost more than
     * anything else in a batch. Text as received is the request's own bytes, wrapped without a
     * copy ({@code Buffer.buffer(byte[])} would copy them).
     */
    private static Buffer properties(EnforcedEvent e) {
        return e.properties() == null ? null : BufferInternal.buffer(Unpooled.wrappedBuffer(e.properties().utf8()));
    }

    /**
     * The instant at offset UTC. Built from its fields: {@link Instant#atOffset} asks the offset for
     * its {@code ZoneRules}, which a {@code ZoneOffset} creates anew on every call.
     */
    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.of(
                LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC), ZoneOffset.UTC);
    }
}
