package dev.sieve.storage.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster answers now, for a readiness check: asks it for its nodes through an
 * admin client. The answer completes on the caller's Vert.x context.
 */
public final class KafkaReachability implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;

    private KafkaReachability(Admin admin) {
        this.admin = admin;
    }

    /** Creates the admin client (no request is made until {@link #check}). */
    public static KafkaReachability start(KafkaSettings settings) {
        return new KafkaReachability(Admin.create(KafkaClientConfig.admin(settings)));
    }

    /** Succeeds when the cluster named at least one node within 2 s; call on a Vert.x context. */
    public Future<Void> check(Vertx vertx) {
        Context context = vertx.getOrCreateContext();
        return Future.fromCompletionStage(admin.describeCluster(new DescribeClusterOptions()
                                .timeoutMs((int) TIMEOUT.toMillis())).nodes().toCompletionStage(), context)
                .compose(nodes -> nodes.isEmpty() ? Future.failedFuture("no Kafka broker") : Future.<Void>succeededFuture())
                .timeout(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
