package dev.sieve.storage.kafka;

import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;

/**
 * Dead letters in the {@code dead_letters} table (topic, partition, offset, error, recorded_at;
 * primary key on the position, so a redelivered record is recorded once). See docs/kafka.md for
 * the table's definition.
 */
public final class PgDeadLetters implements DeadLetters {
    static final String SQL = "INSERT INTO dead_letters (topic, kafka_partition, kafka_offset, error)"
            + " SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[])"
            + " ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING";

    private final Pool pool;

    public PgDeadLetters(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public Future<Void> record(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Future.succeededFuture();
        }
        Tuple arguments = Tuple.of(
                letters.stream().map(DeadLetter::topic).toArray(String[]::new),
                letters.stream().map(DeadLetter::partition).toArray(Integer[]::new),
                letters.stream().map(DeadLetter::offset).toArray(Long[]::new),
                letters.stream().map(DeadLetter::error).toArray(String[]::new));
        return pool.preparedQuery(SQL).execute(arguments)
                .<Void>mapEmpty()
                .recover(e -> Future.failedFuture(DatabaseFailures.classify(e)));
    }
}
