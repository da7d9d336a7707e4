package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.sink.WriteResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchTest {

    @Test
    void aRepeatedIdIsSentOnceAndOnlyItsFirstCopyCountsAsStored() {
        EnforcedEvent a = TestEvents.minimal(UUID.randomUUID());
        EnforcedEvent b = TestEvents.minimal(UUID.randomUUID());
        EnforcedEvent c = TestEvents.minimal(UUID.randomUUID());
        PendingWrite first = new PendingWrite(List.of(a, b));
        PendingWrite second = new PendingWrite(List.of(b, c, a));
        Batch batch = new Batch();
        batch.add(first, first.take(10));
        batch.add(second, second.take(10));

        assertThat(batch.rows()).isEqualTo(5);
        assertThat(batch.uniqueRows()).containsExactly(a, b, c);

        // b was already stored by an earlier request: the database returns a and c only.
        batch.committed(new HashSet<>(Set.of(a.eventId(), c.eventId())));

        assertThat(first.promise().future().result()).isEqualTo(new WriteResult(1, 1));
        assertThat(second.promise().future().result()).isEqualTo(new WriteResult(1, 2));
    }

    @Test
    void allStoredCreditsEachIdOnceAsTheAllNewStatementStoredIt() {
        EnforcedEvent a = TestEvents.minimal(UUID.randomUUID());
        EnforcedEvent b = TestEvents.minimal(UUID.randomUUID());
        EnforcedEvent c = TestEvents.minimal(UUID.randomUUID());
        PendingWrite first = new PendingWrite(List.of(a, b, a));
        PendingWrite second = new PendingWrite(List.of(b, c, a));
        Batch batch = new Batch();
        batch.add(first, first.take(10));
        batch.add(second, second.take(10));

        assertThat(batch.uniqueRows()).containsExactly(a, b, c);
        batch.allStored();

        // The first write's second a repeats its own first; the second write's b and a came earlier.
        assertThat(first.promise().future().result()).isEqualTo(new WriteResult(2, 1));
        assertThat(second.promise().future().result()).isEqualTo(new WriteResult(1, 2));
    }

    @Test
    void allStoredFindsTheRepeatedIdsItselfWhenTheRowsWereNotReadYet() {
        EnforcedEvent a = TestEvents.minimal(UUID.randomUUID());
        PendingWrite write = new PendingWrite(List.of(a, a));
        Batch batch = new Batch();
        batch.add(write, write.take(10));

        batch.allStored();

        assertThat(write.promise().future().result()).isEqualTo(new WriteResult(1, 1));
    }

    @Test
    void noSliceIsAddedOnceTheRowsWereRead() {
        PendingWrite write = new PendingWrite(List.of(TestEvents.minimal(UUID.randomUUID()),
                TestEvents.minimal(UUID.randomUUID())));
        Batch batch = new Batch();
        batch.add(write, write.take(1));
        batch.uniqueRows();

        assertThatThrownBy(() -> batch.add(write, write.take(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWriteSpanningBatchesSucceedsOnlyWhenAllCommitted() {
        PendingWrite write = new PendingWrite(List.of(TestEvents.minimal(UUID.randomUUID()),
                TestEvents.minimal(UUID.randomUUID()), TestEvents.minimal(UUID.randomUUID())));
        Batch one = new Batch();
        one.add(write, write.take(2));
        Batch two = new Batch();
        two.add(write, write.take(2));

        one.committed(ids(one));
        assertThat(write.promise().future().isComplete()).isFalse();
        two.committed(ids(two));

        assertThat(write.promise().future().result()).isEqualTo(new WriteResult(3, 0));
    }

    @Test
    void aWriteFailsWhenAnyOfItsBatchesFailsEvenIfAnotherCommits() {
        PendingWrite write = new PendingWrite(List.of(TestEvents.minimal(UUID.randomUUID()),
                TestEvents.minimal(UUID.randomUUID())));
        Batch one = new Batch();
        one.add(write, write.take(1));
        Batch two = new Batch();
        two.add(write, write.take(1));

        two.failed(new SieveException(ErrorCode.STORAGE_UNAVAILABLE, "database unavailable"));
        one.committed(ids(one));

        assertThat(write.promise().future().failed()).isTrue();
        assertThat(SieveException.codeOf(write.promise().future().cause())).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
    }

    private static Set<UUID> ids(Batch batch) {
        Set<UUID> ids = new HashSet<>();
        batch.uniqueRows().forEach(e -> ids.add(e.eventId()));
        return ids;
    }
}
