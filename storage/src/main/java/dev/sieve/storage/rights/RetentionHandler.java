package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One retention run, as of the time it was scheduled for: drop the daily partitions a rule for
 * every event has expired ({@link PartitionDrops}), delete what the other age rules have expired
 * ({@link RuleSweeps}), purge closed accounts whose time has come ({@link ClosurePurges}), and
 * forget expired quarantine entries. The rules are read at the first step and kept in the
 * progress, so a resumed run applies the same ones. One receipt per rule that deleted rows.
 */
final class RetentionHandler implements JobHandler {
    private static final String EXPIRE_QUARANTINE = "WITH gone AS (DELETE FROM rights_quarantine"
            + " WHERE until <= now() RETURNING 1) SELECT count(*) FROM gone";
    private static final String NOTIFY_QUARANTINE = "SELECT pg_notify('" + Quarantine.CHANNEL + "', 'expired')";

    private final RightsSettings settings;

    RetentionHandler(RightsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public JobKind kind() {
        return JobKind.RETENTION;
    }

    @Override
    public Future<Void> run(JobContext job) {
        Instant asOf = Instant.parse(job.job().params().path("asOf").asText(job.job().createdAt().toString()));
        return rules(job).compose(rules -> new PartitionDrops(job, asOf, rules, settings.ddlLockTimeout()).run()
                .compose(v -> new RuleSweeps(job, asOf, rules, settings.sweepBlocks()).run())
                .compose(v -> new ClosurePurges(job, asOf, rules, settings.batchRows()).run())
                .compose(v -> expireQuarantine(job))
                .compose(v -> job.complete((tx, progress) -> finish(tx, job, asOf, rules, progress))));
    }

    private static Future<List<RetentionRule>> rules(JobContext job) {
        JsonNode saved = job.progress().get("rules");
        if (saved != null) {
            List<RetentionRule> rules = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            saved.forEach(node -> rules.add(RetentionRule.fromJson(node, "rules", problems)));
            return problems.isEmpty() ? Future.succeededFuture(rules)
                    : Future.failedFuture(new IllegalStateException("saved retention rules do not validate"));
        }
        return job.step((tx, progress) -> RetentionRules.read(tx)
                .onSuccess(rules -> progress.set("rules", RetentionRules.json(rules))));
    }

    private static Future<Void> expireQuarantine(JobContext job) {
        if (job.progress().has("quarantineExpired")) {
            return Future.succeededFuture();
        }
        return job.step((tx, progress) -> tx.query(EXPIRE_QUARANTINE).execute().compose(rows -> {
            long expired = rows.iterator().next().getLong(0);
            progress.put("quarantineExpired", expired);
            return expired == 0 ? Future.succeededFuture() : tx.query(NOTIFY_QUARANTINE).execute().mapEmpty();
        }));
    }

    private static Future<JobOutcome> finish(SqlConnection tx, JobContext job, Instant asOf, List<RetentionRule> rules,
                                             ObjectNode progress) {
        ObjectNode result = JobRows.MAPPER.createObjectNode().put("asOf", asOf.toString());
        result.set("partitionsDropped", progress.has("dropped") ? progress.get("dropped").deepCopy()
                : JobRows.MAPPER.createArrayNode());
        result.put("rowsInDroppedPartitions", progress.path("droppedRows").asLong());
        ObjectNode byRule = result.putObject("rowsDeletedByRule");
        Future<Void> receipts = Future.succeededFuture();
        for (RetentionRule rule : rules) {
            if (rule.maxAgeDays() == null) {
                continue;
            }
            long rows = progress.path("deletedByRule").path(rule.name()).asLong()
                    + (rule.coversEverything() ? progress.path("droppedRows").asLong() : 0);
            byRule.put(rule.name(), rows);
            if (rows > 0) {
                ObjectNode details = JobRows.MAPPER.createObjectNode().put("scope", rule.scope())
                        .put("maxAgeDays", rule.maxAgeDays())
                        .put("cutoff", asOf.minus(Duration.ofDays(rule.maxAgeDays())).toString());
                if (rule.coversEverything()) {
                    details.set("partitionsDropped", result.get("partitionsDropped").deepCopy());
                }
                receipts = receipts.compose(v -> Receipts.insert(tx, job.job(), new Receipts.Draft(null,
                        rule.purpose() == null ? null : rule.purpose().wireName(), rule.name(), rows, null, details)));
            }
        }
        result.put("closuresPurged", progress.path("closuresPurged").asLong())
                .put("closureRowsDeleted", progress.path("closureRows").asLong())
                .put("quarantineExpired", progress.path("quarantineExpired").asLong());
        if (progress.has("notes")) {
            result.set("notes", progress.get("notes"));
        }
        return receipts.map(v -> new JobOutcome(result, "rights.retention", "scheduled retention run"));
    }
}
