package dev.sieve.storage.rights;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daily partitions of {@code events} ({@code events_YYYYMMDD}, covering that UTC day of
 * received_at). Rights jobs work one partition at a time: their statements name {@code events}
 * with the partition's day as a {@code received_at} range, which prunes every other partition (so
 * the TIDs a statement collects are unique), and still fires the statement triggers defined on
 * {@code events} (the rollups forget what a delete or update touched), which a statement on the
 * partition itself would not.
 */
final class EventPartitions {
    private static final Pattern NAME = Pattern.compile("events_(\\d{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String LIST = "SELECT c.relname, i.inhdetachpending FROM pg_inherits i"
            + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY c.relname";

    /** One daily partition; {@code detachPending} when a detach was interrupted half-way. */
    record Partition(String name, LocalDate day, boolean detachPending) {
        Partition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(day, "day");
        }

        Instant start() {
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        Instant end() {
            return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        /** The day as {@code received_at} bounds: start (inclusive), end (exclusive). */
        java.time.OffsetDateTime from() {
            return start().atOffset(ZoneOffset.UTC);
        }

        java.time.OffsetDateTime to() {
            return end().atOffset(ZoneOffset.UTC);
        }

        /** The name as a quoted SQL identifier (checked against the naming pattern). */
        String table() {
            return quoted(name);
        }
    }

    private EventPartitions() {
    }

    /** Every daily partition, oldest first; tables not named like one are left out. */
    static Future<List<Partition>> list(SqlClient client) {
        return client.query(LIST).execute().map(rows -> {
            List<Partition> partitions = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Matcher m = NAME.matcher(row.getString("relname"));
                if (m.matches()) {
                    partitions.add(new Partition(row.getString("relname"), LocalDate.parse(m.group(1), DAY),
                            Boolean.TRUE.equals(row.getBoolean("inhdetachpending"))));
                }
            }
            return partitions;
        });
    }

    /** The attached partitions (the ones DML may address), oldest first. */
    static Future<List<Partition>> attached(SqlClient client) {
        return list(client).map(all -> all.stream().filter(p -> !p.detachPending()).toList());
    }

    /**
     * A partition name as a quoted identifier. Identifiers cannot be bound as parameters; only
     * names matching {@code events_YYYYMMDD} are accepted, so nothing else can reach the SQL text.
     */
    static String quoted(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an events partition name");
        }
        return "\"" + name + "\"";
    }
}
