package dev.sieve.storage.kafka;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.enforcement.sink.WriteResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Stores one consumed batch: its events through the event sink (the group-commit writer), then
 * its dead letters. Succeeds only when all of it is committed; a failure means "retry the same
 * batch later" (storing it again is idempotent on event ids and dead-letter positions).
 *
 * <p>When PostgreSQL refuses the data itself (SQLSTATE class 22, data exception, or 23, integrity
 * violation: e.g. a value that is no valid {@code inet}), the events are written one by one and
 * those refused again become dead letters, so one bad record cannot stop a partition. Any other
 * failure (unavailable, or a schema or permission problem) skips nothing: the batch is retried.
 */
final class BatchStore {
    /** How {@link dev.sieve.storage.pg.DatabaseFailures} names the SQLSTATE of an internal failure. */
    private static final Pattern REFUSED_DATA = Pattern.compile("\\(SQLSTATE 2[23][0-9A-Z]{3}\\)");

    private final EventSink events;
    private final DeadLetters deadLetters;

    BatchStore(EventSink events, DeadLetters deadLetters) {
        this.events = events;
        this.deadLetters = deadLetters;
    }

    /** The counts of stored and duplicate events, and how many records became dead letters. */
    record Outcome(WriteResult written, int deadLettered) {
    }

    Future<Outcome> store(ConsumedBatch batch) {
        List<DeadLetter> letters = new ArrayList<>(batch.undecodable());
        return events.write(batch.events())
                .recover(failure -> refusesTheData(failure)
                        ? oneByOne(batch.consumed(), 0, WriteResult.EMPTY, letters)
                        : Future.failedFuture(failure))
                .compose(written -> deadLetters.record(letters).map(v -> new Outcome(written, letters.size())));
    }

    static boolean refusesTheData(Throwable failure) {
        return SieveException.codeOf(failure) == ErrorCode.INTERNAL && failure.getMessage() != null
                && REFUSED_DATA.matcher(failure.getMessage()).find();
    }

    private Future<WriteResult> oneByOne(List<ConsumedBatch.Consumed> consumed, int index, WriteResult sum,
                                         List<DeadLetter> letters) {
        if (index == consumed.size()) {
            return Future.succeededFuture(sum);
        }
        ConsumedBatch.Consumed next = consumed.get(index);
        return events.write(List.of(next.event()))
                .recover(failure -> {
                    if (!refusesTheData(failure)) {
                        return Future.failedFuture(failure);
                    }
                    letters.add(next.deadLetter("refused by the database: " + failure.getMessage()));
                    return Future.succeededFuture(WriteResult.EMPTY);
                })
                .compose(one -> oneByOne(consumed, index + 1,
                        new WriteResult(sum.stored() + one.stored(), sum.duplicates() + one.duplicates()), letters));
    }
}
