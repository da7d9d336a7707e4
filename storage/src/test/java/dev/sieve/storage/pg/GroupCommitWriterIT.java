package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.sink.WriteResult;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroupCommitWriterIT {
    private static Vertx vertx;
    private static String uri;
    private static Pool pool;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
        pool = TestPostgres.pool(vertx, uri, 4);
    }

    @AfterAll
    static void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    private static GroupCommitWriter writer(WriterSettings settings, WriterObserver observer) {
        return new GroupCommitWriter(vertx, pool, settings, observer);
    }

    /** An observer that adds the rows of every committed batch to {@code sizes}. */
    private static WriterObserver committedBatchSizesInto(List<Integer> sizes) {
        return new WriterObserver() {
            @Override
            public void batchCommitted(int rows, int inserted, long commitNanos) {
                sizes.add(rows);
            }
        };
    }

    private static long storedCount(List<EnforcedEvent> events) {
        UUID[] ids = events.stream().map(EnforcedEvent::eventId).toArray(UUID[]::new);
        return (Long) Sql.value(uri, "SELECT count(*) FROM events WHERE event_id = ANY(?)", (Object) ids);
    }

    @Test
    void storesEveryColumnAsTyped() {
        EnforcedEvent full = TestEvents.full(UUID.randomUUID());
        EnforcedEvent minimal = TestEvents.minimal(UUID.randomUUID());

        WriteResult result = Await.result(writer(WriterSettings.DEFAULTS, WriterObserver.NONE).write(List.of(full, minimal)));

        assertThat(result).isEqualTo(new WriteResult(2, 0));
        Map<String, Object> row = Sql.rows(uri, "SELECT *, host(ip_network) AS ip_host, jsonb_typeof(properties) AS json_type,"
                + " properties->'nested'->>'depth' AS depth FROM events WHERE event_id = ?", full.eventId()).get(0);
        assertThat(row.get("received_at")).isEqualTo(full.receivedAt());
        assertThat(row.get("event_time")).isEqualTo(full.eventTime());
        assertThat(row).containsEntry("event_type", "page_view").containsEntry("purpose", "analytics")
                .containsEntry("user_key", "k1:user-key").containsEntry("anonymous_key", "k1:anon-key")
                .containsEntry("ip_host", "203.0.113.0").containsEntry("ip_key", "k1:ip-key")
                .containsEntry("device_key", "k1:device-key").containsEntry("device_model", "Pixel 8")
                .containsEntry("device_class", "phone").containsEntry("device_manufacturer", "Google")
                .containsEntry("device_os", "Android").containsEntry("device_os_version", "15")
                .containsEntry("user_agent", "Mozilla/5.0 (X11; Linux x86_64)")
                .containsEntry("browser_family", "Chrome").containsEntry("browser_major", "120")
                .containsEntry("os_family", "Linux").containsEntry("json_type", "object")
                .containsEntry("depth", "2").containsEntry("policy_version", 3L).containsEntry("consent_version", 7L)
                .containsEntry("consented", true);
        assertThat(Sql.value(uri, "SELECT properties->>'path' FROM events WHERE event_id = ?", full.eventId()))
                .isEqualTo("/pricing");

        Map<String, Object> sparse = Sql.rows(uri, "SELECT * FROM events WHERE event_id = ?", minimal.eventId()).get(0);
        assertThat(sparse).containsEntry("user_key", null).containsEntry("ip_network", null)
                .containsEntry("properties", null).containsEntry("purpose", "diagnostics")
                .containsEntry("consent_version", 0L).containsEntry("consented", false);
        assertThat(Sql.value(uri, "SELECT count(*) FROM event_ids WHERE event_id IN (?, ?)",
                full.eventId(), minimal.eventId())).isEqualTo(2L);
    }

    @Test
    void onItsOwnEventLoopAWriteCompletesOnThatEventLoop() {
        Context eventLoop = vertx.getOrCreateContext();
        List<EnforcedEvent> events = TestEvents.many(3);
        Promise<Boolean> sameContext = Promise.promise();

        eventLoop.runOnContext(v -> new GroupCommitWriter(vertx, pool, WriterSettings.DEFAULTS, WriterObserver.NONE)
                .write(events)
                .onComplete(done -> sameContext.complete(done.succeeded() && Vertx.currentContext() == eventLoop)));

        assertThat(Await.result(sameContext.future())).isTrue();
        assertThat(storedCount(events)).isEqualTo(3);
    }

    @Test
    void aRetryAcrossBatchesIsStoredOnceAndCountedAsDuplicates() {
        GroupCommitWriter writer = writer(WriterSettings.DEFAULTS, WriterObserver.NONE);
        List<EnforcedEvent> first = TestEvents.many(10);
        List<EnforcedEvent> retry = new ArrayList<>(first);
        retry.addAll(TestEvents.many(5));

        assertThat(Await.result(writer.write(first))).isEqualTo(new WriteResult(10, 0));
        assertThat(Await.result(writer.write(retry))).isEqualTo(new WriteResult(5, 10));

        assertThat(storedCount(retry)).isEqualTo(15);
    }

    @Test
    void aBatchWithAnIdStoredBeforeIsSentTwiceThenStoredIdsAreSkippedAtOnceForAWhile() {
        AtomicInteger sentTwice = new AtomicInteger();
        GroupCommitWriter writer = new GroupCommitWriter(vertx, pool, WriterSettings.DEFAULTS,
                countingSentTwice(sentTwice), Duration.ofHours(1));
        List<EnforcedEvent> first = TestEvents.many(10);
        List<EnforcedEvent> retry = new ArrayList<>(first.subList(0, 3));
        retry.addAll(TestEvents.many(4));

        assertThat(Await.result(writer.write(first))).isEqualTo(new WriteResult(10, 0));
        assertThat(sentTwice).as("all ids new: the first statement stores them").hasValue(0);
        assertThat(Await.result(writer.write(retry))).isEqualTo(new WriteResult(4, 3));
        assertThat(sentTwice).as("the all-new statement failed on a stored id and stored nothing").hasValue(1);
        assertThat(Await.result(writer.write(first))).isEqualTo(new WriteResult(0, 10));
        assertThat(sentTwice).as("within the window, stored ids are skipped by the first statement").hasValue(1);

        assertThat(storedCount(retry)).isEqualTo(7);
        assertThat(storedCount(first)).isEqualTo(10);
        assertThat(Sql.value(uri, "SELECT count(*) FROM event_ids WHERE event_id = ANY(?)",
                (Object) retry.stream().map(EnforcedEvent::eventId).toArray(UUID[]::new))).isEqualTo(7L);
    }

    @Test
    void afterTheWindowTheCheaperStatementIsTriedFirstAgain() {
        AtomicInteger sentTwice = new AtomicInteger();
        GroupCommitWriter writer = new GroupCommitWriter(vertx, pool, WriterSettings.DEFAULTS,
                countingSentTwice(sentTwice), Duration.ZERO);
        List<EnforcedEvent> events = TestEvents.many(5);

        Await.result(writer.write(events));
        assertThat(Await.result(writer.write(events))).isEqualTo(new WriteResult(0, 5));
        assertThat(Await.result(writer.write(events))).isEqualTo(new WriteResult(0, 5));
        assertThat(Await.result(writer.write(TestEvents.many(5)))).isEqualTo(new WriteResult(5, 0));

        assertThat(sentTwice).hasValue(2);
        assertThat(storedCount(events)).isEqualTo(5);
    }

    private static WriterObserver countingSentTwice(AtomicInteger sentTwice) {
        return new WriterObserver() {
            @Override
            public void batchSentTwice(int rows) {
                sentTwice.incrementAndGet();
            }
        };
    }

    @Test
    void aRepeatedIdInsideOneBatchIsStoredOnce() {
        EnforcedEvent event = TestEvents.full(UUID.randomUUID());
        EnforcedEvent other = TestEvents.full(UUID.randomUUID());

        WriteResult result = Await.result(writer(WriterSettings.DEFAULTS, WriterObserver.NONE)
                .write(List.of(event, other, event)));

        assertThat(result).isEqualTo(new WriteResult(2, 1));
        assertThat(storedCount(List.of(event, other))).isEqualTo(2);
    }

    @Test
    void concurrentWritesOfTheSameIdsStoreEachOnce() {
        List<EnforcedEvent> events = TestEvents.many(300);
        WriterSettings small = new WriterSettings(100, 0, Duration.ofMillis(2), 2, 20_000);
        GroupCommitWriter one = writer(small, WriterObserver.NONE);
        GroupCommitWriter two = writer(small, WriterObserver.NONE);

        List<EnforcedEvent> reversed = new ArrayList<>(events);
        Collections.reverse(reversed);

        List<Future<WriteResult>> writes = List.of(one.write(events), two.write(reversed), one.write(events));
        List<WriteResult> results = writes.stream().map(Await::result).toList();

        assertThat(results.stream().mapToInt(WriteResult::stored).sum()).isEqualTo(300);
        assertThat(results.stream().mapToInt(WriteResult::duplicates).sum()).isEqualTo(600);
        assertThat(storedCount(events)).isEqualTo(300);
    }

    @Test
    void aWriteLargerThanABatchSpansSeveralAndCompletesOnce() {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        WriterObserver observer = committedBatchSizesInto(batchSizes);
        GroupCommitWriter writer = writer(new WriterSettings(100, 0, Duration.ofMillis(2), 2, 20_000), observer);
        List<EnforcedEvent> events = TestEvents.many(350);

        assertThat(Await.result(writer.write(events))).isEqualTo(new WriteResult(350, 0));

        assertThat(batchSizes).allMatch(size -> size <= 100).hasSizeGreaterThanOrEqualTo(4);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(350);
        assertThat(writer.queuedRows()).isZero();
        assertThat(writer.inFlightBatches()).isZero();
    }

    @Test
    void byDefaultALoneWriteToAQuietWriterIsSpreadOverItsFreeConnections() {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        GroupCommitWriter writer = writer(WriterSettings.DEFAULTS, committedBatchSizesInto(batchSizes));

        assertThat(Await.result(writer.write(TestEvents.many(100)))).isEqualTo(new WriteResult(100, 0));

        assertThat(batchSizes).as("quiet sending is on by default, 50 rows per statement at least")
                .containsExactly(50, 50);
    }

    @Test
    void withQuietSendingOffALoneWriteWaitsForTheDelayAndGoesAsOneStatement() {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        WriterSettings off = new WriterSettings(1000, 0, Duration.ofMillis(2), 2, 20_000);
        GroupCommitWriter writer = writer(off, committedBatchSizesInto(batchSizes));

        assertThat(Await.result(writer.write(TestEvents.many(100)))).isEqualTo(new WriteResult(100, 0));

        assertThat(batchSizes).containsExactly(100);
    }

    @Test
    void aQuietWriterSendsOverItsFreeConnectionsAndABusyOneWaitsForTheDelay() {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        WriterObserver observer = committedBatchSizesInto(batchSizes);
        GroupCommitWriter writer = writer(new WriterSettings(1000, 50, Duration.ofSeconds(2), 2, 20_000), observer);

        // A new writer is quiet: the write goes at the end of the turn, spread over both connections. Waiting
        // for the delay would have sent it as one statement of 100.
        assertThat(Await.result(writer.write(TestEvents.many(100)))).isEqualTo(new WriteResult(100, 0));
        assertThat(batchSizes).containsExactly(50, 50);

        // Right after a statement finished, the writer is busy: writes wait for the delay and share a statement.
        Future<WriteResult> small = writer.write(TestEvents.many(10));
        Future<WriteResult> more = writer.write(TestEvents.many(45));

        assertThat(Await.result(small)).isEqualTo(new WriteResult(10, 0));
        assertThat(Await.result(more)).isEqualTo(new WriteResult(45, 0));
        assertThat(batchSizes).containsExactly(50, 50, 55);
    }

    @Test
    void writesOfTheSameEventLoopTurnShareTheQuietWritersStatements() {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        WriterObserver observer = committedBatchSizesInto(batchSizes);
        Context loop = vertx.getOrCreateContext();
        Promise<List<Future<WriteResult>>> writes = Promise.promise();
        loop.runOnContext(v -> {
            // Created and written on one event loop, in one turn, as an ingest verticle's requests are.
            GroupCommitWriter writer = writer(new WriterSettings(1000, 50, Duration.ofSeconds(2), 2, 20_000), observer);
            writes.complete(List.of(writer.write(TestEvents.many(30)), writer.write(TestEvents.many(70))));
        });

        List<WriteResult> results = Await.result(writes.future()).stream().map(Await::result).toList();

        assertThat(results).containsExactly(new WriteResult(30, 0), new WriteResult(70, 0));
        // Sent at once, the first write would have gone alone (30) and the second after the delay (70).
        assertThat(batchSizes).containsExactly(50, 50);
    }

    @Test
    void aWriterWithAStatementInFlightIsNotQuietHoweverLongNothingHappened() throws InterruptedException {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        GroupCommitWriter writer = writer(new WriterSettings(1000, 50, Duration.ofSeconds(1), 2, 20_000),
                committedBatchSizesInto(batchSizes));
        SqlConnection locker = Await.result(pool.getConnection());
        try {
            // Inserts into event_ids wait for this lock, so the first statement stays in flight.
            Await.result(locker.query("BEGIN").execute());
            Await.result(locker.query("LOCK TABLE event_ids IN SHARE ROW EXCLUSIVE MODE").execute());
            // A new writer is quiet: the first write is sent at the end of the turn and waits for the lock.
            Future<WriteResult> first = writer.write(TestEvents.many(10));
            Await.until("the first statement in flight", Duration.ofSeconds(10), () -> writer.inFlightBatches() > 0);
            assertThat(writer.inFlightBatches()).isEqualTo(1);
            // Longer than the delay with nothing arriving and nothing finishing, but a statement is in flight:
            // the next writes wait for the delay and share a statement. Taken for quiet, the write of 60 would
            // have gone alone on the free connection.
            Thread.sleep(1_300);
            Future<WriteResult> second = writer.write(TestEvents.many(60));
            Thread.sleep(100);
            Future<WriteResult> third = writer.write(TestEvents.many(40));
            Await.result(locker.query("COMMIT").execute());

            assertThat(Await.result(first)).isEqualTo(new WriteResult(10, 0));
            assertThat(Await.result(second)).isEqualTo(new WriteResult(60, 0));
            assertThat(Await.result(third)).isEqualTo(new WriteResult(40, 0));
            assertThat(batchSizes).containsExactly(10, 100);
        } finally {
            Await.result(locker.close());
        }
    }

    @Test
    void neverMoreBatchesInFlightThanAllowed() {
        AtomicReference<GroupCommitWriter> writer = new AtomicReference<>();
        AtomicInteger mostInFlight = new AtomicInteger();
        Pool sampling = CountingPool.wrap(pool,
                () -> mostInFlight.accumulateAndGet(writer.get().inFlightBatches(), Math::max));
        writer.set(new GroupCommitWriter(vertx, sampling, new WriterSettings(50, 0, Duration.ofMillis(1), 2, 20_000),
                WriterObserver.NONE));
        List<Future<WriteResult>> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(writer.get().write(TestEvents.many(25)));
        }

        assertThat(writes.stream().map(Await::result).mapToInt(WriteResult::stored).sum()).isEqualTo(500);
        assertThat(mostInFlight.get()).isBetween(1, 2);
    }

    @Test
    void aWriteBeyondTheQueueLimitIsRefusedAndNothingOfItIsStored() {
        // A long delay keeps the first write queued while the second arrives.
        GroupCommitWriter writer = writer(new WriterSettings(100, 0, Duration.ofMillis(300), 2, 100), WriterObserver.NONE);
        List<EnforcedEvent> queued = TestEvents.many(80);
        List<EnforcedEvent> tooMany = TestEvents.many(30);

        Future<WriteResult> first = writer.write(queued);
        Throwable refused = Await.failure(writer.write(tooMany));

        assertThat(SieveException.codeOf(refused)).isEqualTo(ErrorCode.WRITER_SATURATED);
        assertThat(Await.result(first)).isEqualTo(new WriteResult(80, 0));
        assertThat(storedCount(tooMany)).isZero();
        assertThat(SieveException.codeOf(Await.failure(writer.write(TestEvents.many(101)))))
                .isEqualTo(ErrorCode.WRITER_SATURATED);
    }

    @Test
    void anUnreachableDatabaseIsUnavailableAndTheFailureHoldsNoEventData() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Pool unreachable = TestPostgres.pool(vertx, "postgresql://postgres:secret@127.0.0.1:" + closedPort + "/sieve", 2);
        List<Integer> failedRows = new CopyOnWriteArrayList<>();
        WriterObserver observer = new WriterObserver() {
            @Override
            public void batchFailed(int rows, SieveException failure) {
                failedRows.add(rows);
            }
        };
        try {
            GroupCommitWriter writer = new GroupCommitWriter(vertx, unreachable, WriterSettings.DEFAULTS, observer);
            EnforcedEvent event = TestEvents.full(UUID.randomUUID());

            Throwable failure = Await.failure(writer.write(List.of(event)));

            assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertNoEventData(failure, event);
            assertThat(failedRows).containsExactly(1);
            assertThat(writer.queuedRows()).isZero();
        } finally {
            Await.result(unreachable.close());
        }
    }

    @Test
    void aValueTheDatabaseRejectsFailsAsInternalWithoutEchoingIt() {
        EnforcedEvent good = TestEvents.full(UUID.randomUUID());
        EnforcedEvent bad = TestEvents.full(UUID.randomUUID());
        bad = new EnforcedEvent(bad.eventId(), bad.receivedAt(), bad.eventTime(), bad.eventType(), bad.purpose(),
                bad.userKey(), bad.anonymousKey(), "secret-not-an-ip", bad.ipKey(), bad.deviceKey(), bad.deviceModel(),
                bad.deviceClass(), bad.deviceManufacturer(), bad.deviceOs(), bad.deviceOsVersion(), bad.userAgent(),
                bad.browserFamily(), bad.browserMajor(), bad.osFamily(), bad.properties(), 1, 1, true);

        Throwable failure = Await.failure(writer(WriterSettings.DEFAULTS, WriterObserver.NONE).write(List.of(good, bad)));

        assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.INTERNAL);
        assertNoEventData(failure, bad);
        assertThat(failure.getMessage()).doesNotContain("secret-not-an-ip");
        assertThat(storedCount(List.of(good, bad))).isZero();
    }

    @Test
    void anEventWithoutPartitionFailsRetryably() {
        EnforcedEvent now = TestEvents.full(UUID.randomUUID());
        EnforcedEvent farFuture = new EnforcedEvent(UUID.randomUUID(), now.receivedAt().plus(Duration.ofDays(400)),
                now.eventTime(), "page_view", now.purpose(), "k1:user-key", null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, 1, 1, false);

        Throwable failure = Await.failure(writer(WriterSettings.DEFAULTS, WriterObserver.NONE).write(List.of(farFuture)));

        assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(SieveException.codeOf(failure).retryable()).isTrue();
        assertNoEventData(failure, farFuture);
    }

    private static void assertNoEventData(Throwable failure, EnforcedEvent event) {
        assertThat(failure).isInstanceOf(SieveException.class);
        assertThat(failure.getCause()).isNull();
        assertThat(failure.getMessage()).doesNotContain(event.eventId().toString())
                .doesNotContain("k1:").doesNotContain("203.0.113").doesNotContain("secret");
    }
}
