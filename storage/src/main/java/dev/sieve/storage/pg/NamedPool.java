package dev.sieve.storage.pg;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * A PostgreSQL pool whose name tags its meters: the pool's ({@code vertx_pool_*{pool_name}}) and
 * its SQL client's ({@code vertx_sql_*{namespace}}, with the {@code NAMESPACE} label on). Without a
 * name of their own, every pool's client registered the same untagged gauges, and only the first
 * pool's were kept.
 */
public final class NamedPool {
    private NamedPool() {
    }

    public static Pool create(Vertx vertx, PgConnectOptions connect, String name, int maxSize) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(maxSize).setName(name))
                .connectingTo(new PgConnectOptions(connect).setMetricsName(name))
                .using(vertx)
                .build();
    }
}
