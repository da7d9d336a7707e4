package dev.sieve.storage.rights;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The loop most jobs are made of: for each daily partition, oldest first, a batch statement run
 * as one job step after another until it changes fewer than {@code batchRows} rows. The progress
 * holds the last finished partition ({@code cursorKey}) and the running count ({@code counterKey}),
 * committed with each batch, so a resumed job skips what is done and counts every row once.
 *
 * <p>A job about one user first asks which partitions hold any of its rows ({@link #run(String, Tuple)}:
 * one index scan over all of them) and visits only those, plus yesterday's to tomorrow's, where a
 * row may have arrived since: a user with a few rows costs a few steps, not one per partition.
 */
final class PartitionBatches {
    private final JobContext job;
    private final String cursorKey;
    private final String counterKey;
    private final int batchRows;
    private final BiFunction<SqlConnection, EventPartitions.Partition, Future<Integer>> batch;

    /** @param batch one bounded statement on a partition; how many rows it changed */
    PartitionBatches(JobContext job, String cursorKey, String counterKey, int batchRows,
                     BiFunction<SqlConnection, EventPartitions.Partition, Future<Integer>> batch) {
        this.job = Objects.requireNonNull(job, "job");
        this.cursorKey = Objects.requireNonNull(cursorKey, "cursorKey");
        this.counterKey = Objects.requireNonNull(counterKey, "counterKey");
        this.batchRows = batchRows;
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /** Runs over every attached partition. */
    Future<Void> run() {
        return EventPartitions.attached(job.pool()).compose(partitions -> from(partitions, 0));
    }

    /**
     * Runs over the partitions {@code candidates} names (a query answering partition names, e.g.
     * {@code SELECT DISTINCT tableoid::regclass::text FROM events WHERE user_key = ANY($1)}) and
     * the partitions of yesterday, today and tomorrow.
     */
    Future<Void> run(String candidates, Tuple parameters) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return job.pool().preparedQuery(candidates).execute(parameters).compose(rows -> {
            Set<String> holding = new HashSet<>();
            rows.forEach(row -> holding.add(row.getString(0)));
            return EventPartitions.attached(job.pool()).map(partitions -> partitions.stream()
                    .filter(p -> holding.contains(p.name()) || recent(p.day(), today)).toList());
        }).compose(partitions -> from(partitions, 0));
    }

    /** Yesterday to tomorrow: where a row may have arrived since the candidates were read (clocks drift). */
    private static boolean recent(LocalDate day, LocalDate today) {
        return !day.isBefore(today.minusDays(1)) && !day.isAfter(today.plusDays(1));
    }

    private Future<Void> from(List<EventPartitions.Partition> partitions, int index) {
        if (index == partitions.size()) {
            return Future.succeededFuture();
        }
        EventPartitions.Partition partition = partitions.get(index);
        String done = job.progress().path(cursorKey).asText("");
        Future<Void> here = partition.name().compareTo(done) <= 0 ? Future.succeededFuture() : drain(partition);
        return here.compose(v -> from(partitions, index + 1));
    }

    private Future<Void> drain(EventPartitions.Partition partition) {
        return job.step((tx, progress) -> batch.apply(tx, partition).map(rows -> {
            progress.put(counterKey, progress.path(counterKey).asLong() + rows);
            if (rows < batchRows) {
                progress.put(cursorKey, partition.name());
            }
            return rows;
        })).compose(rows -> rows < batchRows ? Future.succeededFuture() : drain(partition));
    }
}
