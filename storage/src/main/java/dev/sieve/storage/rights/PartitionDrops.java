package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Drops whole daily partitions that a rule covering every event has expired: each is counted,
 * detached with {@code DETACH PARTITION ... CONCURRENTLY} (which never blocks inserts into
 * {@code events}), then dropped. A detach that finds the table busy for longer than the lock
 * timeout is left for the next run; one interrupted half-way is finalized. Progress:
 * {@code dropping} (counted, not yet dropped), {@code dropped} (names), {@code droppedRows}, {@code notes}.
 */
final class PartitionDrops {
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String SWEEPS = "DELETE FROM rights_retention_sweeps WHERE partition = $1";

    private final JobContext job;
    private final Instant asOf;
    private final List<RetentionRule> rules;
    private final Duration lockTimeout;

    PartitionDrops(JobContext job, Instant asOf, List<RetentionRule> rules, Duration lockTimeout) {
        this.job = Objects.requireNonNull(job, "job");
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.rules = List.copyOf(rules);
        this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
    }

    /** Days ending at or before this instant may go; empty when no rule covers every event with an age. */
    Optional<Instant> cutoff() {
        return rules.stream().filter(r -> r.coversEverything() && r.maxAgeDays() != null)
                .map(r -> asOf.minus(Duration.ofDays(r.maxAgeDays()))).findFirst();
    }

    Future<Void> run() {
        Optional<Instant> cutoff = cutoff();
        return EventPartitions.list(job.pool()).compose(partitions -> {
            Future<Void> chain = finishInterrupted(partitions);
            for (EventPartitions.Partition partition : partitions) {
                boolean expired = cutoff.isPresent() && !partition.end().isAfter(cutoff.get());
                if (expired) {
                    chain = chain.compose(v -> drop(partition));
                }
            }
            return chain;
        });
    }

    /** A partition counted by an interrupted run and gone since: it was dropped, so count it. */
    private Future<Void> finishInterrupted(List<EventPartitions.Partition> partitions) {
        ObjectNode dropping = (ObjectNode) job.progress().get("dropping");
        if (dropping == null || partitions.stream().anyMatch(p -> p.name().equals(dropping.get("name").asText()))) {
            return Future.succeededFuture();
        }
        return dropped(dropping.get("name").asText(), dropping.get("rows").asLong());
    }

    private Future<Void> drop(EventPartitions.Partition partition) {
        ObjectNode dropping = (ObjectNode) job.progress().get("dropping");
        Future<Long> counted = dropping != null && dropping.get("name").asText().equals(partition.name())
                ? Future.succeededFuture(dropping.get("rows").asLong())
                : job.step((tx, progress) -> tx.query("SELECT count(*) FROM " + partition.table()).execute()
                        .map(rows -> {
                            long count = rows.iterator().next().getLong(0);
                            progress.putObject("dropping").put("name", partition.name()).put("rows", count);
                            return count;
                        }));
        return counted.compose(rows -> detachAndDrop(partition)
                .compose(v -> dropped(partition.name(), rows))
                .recover(failure -> busy(failure) ? skipped(partition) : Future.failedFuture(failure)));
    }

    private Future<Void> detachAndDrop(EventPartitions.Partition partition) {
        String detach = "ALTER TABLE events DETACH PARTITION " + partition.table()
                + (partition.detachPending() ? " FINALIZE" : " CONCURRENTLY");
        return job.pool().withConnection(c -> c.query("SET lock_timeout = " + lockTimeout.toMillis()).execute()
                .compose(v -> c.query(detach).execute())
                .compose(v -> c.query("DROP TABLE IF EXISTS " + partition.table()).execute())
                .eventually(() -> c.query("RESET lock_timeout").execute())
                .mapEmpty());
    }

    private Future<Void> dropped(String name, long rows) {
        return job.step((tx, progress) -> tx.preparedQuery(SWEEPS).execute(Tuple.of(name)).map(v -> {
            progress.remove("dropping");
            progress.put("droppedRows", progress.path("droppedRows").asLong() + rows);
            array(progress, "dropped").add(name);
            return null;
        }));
    }

    private Future<Void> skipped(EventPartitions.Partition partition) {
        return job.step((tx, progress) -> {
            progress.remove("dropping");
            array(progress, "notes").add(partition.name() + ": busy, left for the next run");
            return Future.succeededFuture();
        });
    }

    private static boolean busy(Throwable failure) {
        return failure instanceof PgException pg && LOCK_NOT_AVAILABLE.equals(pg.getSqlState());
    }

    static ArrayNode array(ObjectNode progress, String name) {
        return progress.has(name) ? (ArrayNode) progress.get(name) : progress.putArray(name);
    }
}
