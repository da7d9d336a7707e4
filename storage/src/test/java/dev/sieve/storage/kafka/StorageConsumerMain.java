package dev.sieve.storage.kafka;

import ch.qos.logback.classic.Level;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.pg.WriterObserver;
import dev.sieve.storage.pg.WriterSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * A storage node in a child JVM, for {@link StorageNodeKillIT}: consumes the topic into the
 * database, prints {@code READY}, and runs until killed. Arguments: bootstrap servers, topic,
 * group id, group instance id, PostgreSQL URI.
 */
public final class StorageConsumerMain {
    private StorageConsumerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.WARN);
        KafkaSettings settings = KafkaSettings.defaults(args[0])
                .withTopic(args[1], 1)
                .withGroup(args[2], Optional.of(args[3]))
                .withMaxPollRecords(500);
        PgUri pg = PgUri.parse(args[4]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new KafkaStorageConsumer(settings,
                        v -> PgStorageTarget.open(v, pg.connectOptions(), WriterSettings.DEFAULTS, WriterObserver.NONE),
                        new StorageConsumerStats()),
                new DeploymentOptions()).await();
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
