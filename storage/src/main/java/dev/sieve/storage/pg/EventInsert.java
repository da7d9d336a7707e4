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
import java.util.function.Function;
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
    /** One bound array; {@code stored} turns one of its elements ({@code %s}) into the column's value. */
    private record Column(String name, String parameterType, IntFunction<Object[]> newArray,
                          Function<EnforcedEvent, Object> value, String stored) {
        Column(String name, String parameterType, IntFunction<Object[]> newArray, Function<EnforcedEvent, Object> value) {
            this(name, parameterType, newArray, value, "%s");
        }

        String stored(String element) {
            return stored.formatted(element);
        }
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("event_id", "uuid[]", UUID[]::new, EnforcedEvent::eventId),
            new Column("received_at", "timestamptz[]", OffsetDateTime[]::new, e -> utc(e.receivedAt())),
            new Column("event_time", "timestamptz[]", OffsetDateTime[]::new, e -> utc(e.eventTime())),
            new Column("event_type", "text[]", String[]::new, EnforcedEvent::eventType),
            new Column("purpose", "text[]", String[]::new, e -> e.purpose().wireName()),
            new Column("user_key", "text[]", String[]::new, EnforcedEvent::userKey),
            new Column("anonymous_key", "text[]", String[]::new, EnforcedEvent::anonymousKey),
            new Column("ip_network", "text[]::inet[]", String[]::new, EnforcedEvent::ipNetwork),
            new Column("ip_key", "text[]", String[]::new, EnforcedEvent::ipKey),
            new Column("device_key", "text[]", String[]::new, EnforcedEvent::deviceKey),
            new Column("device_model", "text[]", String[]::new, EnforcedEvent::deviceModel),
            new Column("device_class", "text[]", String[]::new, EnforcedEvent::deviceClass),
            new Column("device_manufacturer", "text[]", String[]::new, EnforcedEvent::deviceManufacturer),
            new Column("device_os", "text[]", String[]::new, EnforcedEvent::deviceOs),
            new Column("device_os_version", "text[]", String[]::new, EnforcedEvent::deviceOsVersion),
            new Column("user_agent", "text[]", String[]::new, EnforcedEvent::userAgent),
            new Column("browser_family", "text[]", String[]::new, EnforcedEvent::browserFamily),
            new Column("browser_major", "text[]", String[]::new, EnforcedEvent::browserMajor),
            new Column("os_family", "text[]", String[]::new, EnforcedEvent::osFamily),
            new Column("properties", "bytea[]", Buffer[]::new, EventInsert::properties,
                    "convert_from(%s, 'UTF8')::jsonb"),
            new Column("policy_version", "int8[]", Long[]::new, EnforcedEvent::policyVersion),
            new Column("consent_version", "int8[]", Long[]::new, EnforcedEvent::consentVersion),
            new Column("consented", "bool[]", Boolean[]::new, EnforcedEvent::consented));

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

    /** The statement's parameters for {@code rows} (unique ids). */
    static Tuple bind(List<EnforcedEvent> rows) {
        Object[] parameters = new Object[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            Column column = COLUMNS.get(c);
            Object[] values = column.newArray().apply(rows.size());
            for (int r = 0; r < values.length; r++) {
                values[r] = column.value().apply(rows.get(r));
            }
            parameters[c] = values;
        }
        return Tuple.wrap(parameters);
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
