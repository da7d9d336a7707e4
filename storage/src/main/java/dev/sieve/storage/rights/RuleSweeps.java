package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Deletes the rows each rule with {@code maxAgeDays} has expired, in the partitions that hold some
 * (their day started before the rule's cutoff). Rows are matched by the scope, not by an index, so
 * a partition is swept in ranges of {@code sweepBlocks} heap blocks (a TID range scan): each step
 * reads at most that much, whatever the partition's size. A day that had wholly expired when swept
 * is recorded in {@code rights_retention_sweeps} and never swept again for that scope: no row
 * arrives in a past day. Progress: {@code sweep} (the partition being swept), {@code sweepCursor}
 * (the last rule and partition finished), {@code deletedByRule}.
 */
final class RuleSweeps {
    private static final String SWEPT = "SELECT partition FROM rights_retention_sweeps WHERE scope = $1";
    private static final String BLOCKS = "SELECT (pg_relation_size($1::text::regclass)"
            + " / current_setting('block_size')::int)::int";
    private static final String RECORD = "INSERT INTO rights_retention_sweeps (scope, partition, rows_deleted, job_id)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";

    private final JobContext job;
    private final Instant asOf;
    private final List<RetentionRule> rules;
    private final int sweepBlocks;

    RuleSweeps(JobContext job, Instant asOf, List<RetentionRule> rules, int sweepBlocks) {
        this.job = Objects.requireNonNull(job, "job");
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.rules = rules.stream().filter(r -> r.maxAgeDays() != null)
                .sorted(Comparator.comparing(RetentionRule::name)).toList();
        this.sweepBlocks = sweepBlocks;
    }

    /** $1, $2 the TID range; $6 the day's start and $3 the earlier of its end and the cutoff. */
    static final String DELETE = "DELETE FROM events WHERE received_at >= $6 AND received_at < $3"
            + " AND ctid >= $1::text::tid AND ctid < $2::text::tid"
            + " AND ($4::text IS NULL OR purpose = $4) AND ($5::text IS NULL OR event_type = $5)";

    Future<Void> run() {
        Future<Void> chain = Future.succeededFuture();
        for (RetentionRule rule : rules) {
            chain = chain.compose(v -> rule(rule));
        }
        return chain;
    }

    private Future<Void> rule(RetentionRule rule) {
        Instant cutoff = asOf.minus(Duration.ofDays(rule.maxAgeDays()));
        return job.pool().preparedQuery(SWEPT).execute(Tuple.of(rule.scope())).compose(rows -> {
            Set<String> swept = new HashSet<>();
            rows.forEach(row -> swept.add(row.getString(0)));
            return EventPartitions.attached(job.pool()).compose(partitions -> {
                Future<Void> chain = Future.succeededFuture();
                for (EventPartitions.Partition partition : partitions) {
                    if (partition.start().isBefore(cutoff) && !swept.contains(partition.name())) {
                        chain = chain.compose(v -> done(rule, partition) ? Future.succeededFuture()
                                : sweep(rule, partition, cutoff));
                    }
                }
                return chain;
            });
        });
    }

    /** Whether this job finished (rule, partition) before it was interrupted. */
    private boolean done(RetentionRule rule, EventPartitions.Partition partition) {
        ObjectNode cursor = (ObjectNode) job.progress().get("sweepCursor");
        if (cursor == null) {
            return false;
        }
        int byRule = rule.name().compareTo(cursor.get("rule").asText());
        return byRule < 0 || (byRule == 0 && partition.name().compareTo(cursor.get("partition").asText()) <= 0);
    }

    private Future<Void> sweep(RetentionRule rule, EventPartitions.Partition partition, Instant cutoff) {
        ObjectNode current = (ObjectNode) job.progress().get("sweep");
        boolean resumed = current != null && current.get("rule").asText().equals(rule.name())
                && current.get("partition").asText().equals(partition.name());
        Future<Void> started = resumed ? Future.succeededFuture() : job.step((tx, progress) -> tx
                .preparedQuery(BLOCKS).execute(Tuple.of(partition.name())).map(rows -> {
                    progress.putObject("sweep").put("rule", rule.name()).put("partition", partition.name())
                            .put("block", 0).put("blocks", rows.iterator().next().getInteger(0)).put("rows", 0);
                    return null;
                }));
        return started.compose(v -> ranges(rule, partition, cutoff));
    }

    private Future<Void> ranges(RetentionRule rule, EventPartitions.Partition partition, Instant cutoff) {
        return job.step((tx, progress) -> {
            ObjectNode sweep = (ObjectNode) progress.get("sweep");
            int from = sweep.get("block").asInt();
            int to = from + sweepBlocks;
            Instant until = partition.end().isBefore(cutoff) ? partition.end() : cutoff;
            return tx.preparedQuery(DELETE).execute(Tuple.of("(" + from + ",0)", "(" + to + ",0)", JobRows.utc(until),
                            rule.purpose() == null ? null : rule.purpose().wireName(), rule.eventType(),
                            partition.from()))
                    .compose(rows -> {
                        sweep.put("block", to).put("rows", sweep.get("rows").asLong() + rows.rowCount());
                        ObjectNode byRule = progress.has("deletedByRule") ? (ObjectNode) progress.get("deletedByRule")
                                : progress.putObject("deletedByRule");
                        byRule.put(rule.name(), byRule.path(rule.name()).asLong() + rows.rowCount());
                        return to < sweep.get("blocks").asInt() ? Future.succeededFuture(false)
                                : finished(tx, progress, rule, partition, cutoff).map(true);
                    });
        }).compose(finished -> finished ? Future.succeededFuture() : ranges(rule, partition, cutoff));
    }

    private Future<Void> finished(SqlConnection tx, ObjectNode progress, RetentionRule rule,
                                  EventPartitions.Partition partition, Instant cutoff) {
        long rows = progress.get("sweep").get("rows").asLong();
        progress.remove("sweep");
        progress.putObject("sweepCursor").put("rule", rule.name()).put("partition", partition.name());
        if (partition.end().isAfter(cutoff)) {
            return Future.succeededFuture(); // part of the day is not expired yet: swept again next run
        }
        return tx.preparedQuery(RECORD).execute(Tuple.of(rule.scope(), partition.name(), rows, job.job().id()))
                .mapEmpty();
    }
}
