package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes a consent withdrawal reach stored data: in every partition, the user's rows of the
 * withdrawn purpose that were enforced with consent get the active policy's without-consent rules
 * ({@link WithdrawalRedaction}) and {@code consented = false}, or are deleted when the purpose
 * drops events without consent; in batches of {@code batchRows}, one short transaction each.
 * Progress: {@code policyVersion} (fixed at the first step), {@code partition} (the last one
 * finished), {@code updated}, {@code deleted}.
 */
final class WithdrawalHandler implements JobHandler {
    private final SubjectKeys keys;
    private final PseudonymKeyRing ring;
    private final int batchRows;
    private UserAgentGeneralizer userAgents; // built on first use: the parser takes a while to load

    WithdrawalHandler(SubjectKeys keys, PseudonymKeyRing ring, int batchRows) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.ring = Objects.requireNonNull(ring, "ring");
        this.batchRows = batchRows;
    }

    @Override
    public JobKind kind() {
        return JobKind.WITHDRAWAL;
    }

    @Override
    public Future<Void> run(JobContext job) {
        Purpose purpose = Purpose.fromWire(job.job().params().path("purpose").asText()).orElse(null);
        if (purpose == null) {
            return finish(job, null, 0, "the job names no known purpose");
        }
        PolicyVersions policies = new PolicyVersions();
        return prepare(job, policies).compose(target -> target.isEmpty()
                ? finish(job, null, 0, "the subject is no longer in the consent registry")
                : apply(job, purpose, target.get(), policies));
    }

    private Future<Void> apply(JobContext job, Purpose purpose, Policy target, PolicyVersions policies) {
        if (!target.purpose(purpose).needsConsent()) {
            return finish(job, target, 0, "the purpose is not based on consent under this policy");
        }
        String counter = target.purpose(purpose).dropEventWithoutConsent() ? "deleted" : "updated";
        return new PartitionBatches(job, "partition", counter, batchRows,
                (tx, partition) -> batch(tx, job, partition, purpose, target, policies))
                .run(WithdrawalStatements.HOLDING, Tuple.of(job.userKeys().toArray(String[]::new),
                        purpose.wireName(), consentVersion(job)))
                .compose(v -> finish(job, target, changed(job.progress()), null));
    }

    /**
     * The first step finds the user's pseudonyms (through the registry) and fixes the policy to
     * apply (the active one), both saved on the job; a resumed job reads them back. Empty when
     * the subject is not in the registry any more.
     */
    private Future<Optional<Policy>> prepare(JobContext job, PolicyVersions policies) {
        ObjectNode progress = job.progress();
        if (!job.userKeys().isEmpty() && progress.has("policyVersion")) {
            long version = progress.get("policyVersion").asLong();
            return job.pool().withConnection(c -> policies.load(c, List.of(version), Policy.failClosed()))
                    .map(v -> Optional.of(policies.get(version)));
        }
        return keys.ofRegistered(job.pool(), job.job().subjectHash()).compose(found -> found.isEmpty()
                ? Future.succeededFuture(Optional.<Policy>empty())
                : job.stepSavingKeys(found, (tx, next) -> policies.active(tx)
                        .onSuccess(p -> next.put("policyVersion", p.version()))).map(Optional::of));
    }

    /** One batch; how many rows it changed. */
    private Future<Integer> batch(SqlConnection tx, JobContext job, EventPartitions.Partition partition,
                                  Purpose purpose, Policy target, PolicyVersions policies) {
        Tuple selection = Tuple.of(job.userKeys().toArray(String[]::new), purpose.wireName(), consentVersion(job),
                batchRows, partition.from(), partition.to());
        if (target.purpose(purpose).dropEventWithoutConsent()) {
            return tx.preparedQuery(WithdrawalStatements.DELETE).execute(selection)
                    .map(rows -> rows.rowCount());
        }
        return tx.preparedQuery(WithdrawalStatements.SELECT).execute(selection).compose(rows -> {
            List<WithdrawalStatements.Selected> selected = new ArrayList<>(rows.size());
            for (Row row : rows) {
                selected.add(WithdrawalStatements.toSelected(row));
            }
            if (selected.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return policies.load(tx, selected.stream().map(WithdrawalStatements.Selected::policyVersion).toList(),
                    target).compose(v -> write(tx, partition, selected, target, policies, consentVersion(job)));
        });
    }

    private Future<Integer> write(SqlConnection tx, EventPartitions.Partition partition,
                                  List<WithdrawalStatements.Selected> selected, Policy target, PolicyVersions policies,
                                  long consentVersion) {
        WithdrawalRedaction redaction = new WithdrawalRedaction(new Pseudonymizer(ring.active()), userAgents());
        List<String> tids = new ArrayList<>(selected.size());
        List<StoredFields> redacted = new ArrayList<>(selected.size());
        for (WithdrawalStatements.Selected row : selected) {
            tids.add(row.tid());
            redacted.add(redaction.apply(row.fields(), policies.get(row.policyVersion()), target));
        }
        return tx.preparedQuery(WithdrawalStatements.UPDATE).execute(
                        WithdrawalStatements.updateParameters(tids, redacted, target.version(), consentVersion, partition))
                .map(rows -> rows.rowCount());
    }

    private Future<Void> finish(JobContext job, Policy target, long rows, String note) {
        ObjectNode progress = job.progress();
        String purpose = job.job().params().path("purpose").asText();
        ObjectNode result = JobRows.MAPPER.createObjectNode().put("purpose", purpose)
                .put("consentVersion", consentVersion(job)).put("rowsChanged", rows)
                .put("rowsUpdated", progress.path("updated").asLong()).put("rowsDeleted", progress.path("deleted").asLong());
        result.put("policyVersion", target == null ? null : target.version());
        result.set("keyIds", JobRows.strings(SubjectKeys.keyIds(job.userKeys())));
        if (note != null) {
            result.put("note", note);
        }
        String userKey = job.userKeys().isEmpty() ? null : job.userKeys().get(0);
        return job.complete((tx, next) -> Receipts.insert(tx, job.job(), new Receipts.Draft(userKey, purpose, null,
                        rows, target == null ? null : target.version(), result))
                .map(v -> new JobOutcome(result, "rights.withdrawal",
                        "consent for " + purpose + " withdrawn (consent version " + consentVersion(job) + ")")));
    }

    private static long changed(ObjectNode progress) {
        return progress.path("updated").asLong() + progress.path("deleted").asLong();
    }

    private static long consentVersion(JobContext job) {
        return job.job().params().path("consentVersion").asLong();
    }

    private UserAgentGeneralizer userAgents() {
        if (userAgents == null) {
            userAgents = new UserAgentGeneralizer();
        }
        return userAgents;
    }
}
