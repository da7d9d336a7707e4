package dev.sieve.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.testing.Db;
import dev.sieve.ingest.testing.Eventually;
import dev.sieve.storage.query.EventRollups;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The schedule catches up on every closed bucket in batches, then keeps the rollups current. */
class RollupScheduleIT {
    @Test
    void catchesUpInBatchesWithoutWaitingAPeriodPerBatch() throws Exception {
        try (AnalystApp app = new AnalystApp()) {
            Db db = new Db(app.pgUri);
            db.execute("SELECT sieve_ensure_partitions(3, 7)");
            db.execute("INSERT INTO events (event_id, received_at, event_time, event_type, purpose, user_key,"
                    + " policy_version, consent_version) SELECT gen_random_uuid(), now() - g * interval '1 minute',"
                    + " now(), 'page_view', 'analytics', 'k1:u' || (g % 9), 1, 1 FROM generate_series(1, 2000) g");
            // 3 days back: ~72 hour buckets and 3 day buckets, in batches of 10, one period of an hour.
            EventRollups rollups = new EventRollups(app.pool, Clock.systemUTC(), Duration.ofMinutes(15), 10);
            try (RollupSchedule schedule = RollupSchedule.start(app.vertx, rollups, Duration.ofHours(1))) {
                Eventually.within(Duration.ofSeconds(60), () -> db.count("SELECT count(*) FROM event_rollup_buckets"
                        + " WHERE grain = 'day'") >= 3);
            }
            long hours = db.count("SELECT count(*) FROM event_rollup_buckets WHERE grain = 'hour'");
            assertThat(hours).isGreaterThanOrEqualTo(72);
            assertThat(db.count("SELECT sum(events) FROM event_rollups WHERE grain = 'hour' AND event_type = '*'"
                    + " AND purpose = '*'")).isEqualTo(db.count("SELECT count(*) FROM events e WHERE EXISTS (SELECT FROM"
                    + " event_rollup_buckets b WHERE b.grain = 'hour' AND e.received_at >= b.bucket"
                    + " AND e.received_at < b.bucket + interval '1 hour')"));
        }
    }
}
