package dev.sieve.storage.pg;

import io.vertx.sqlclient.Pool;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** A pool that tells when a statement is sent through it ({@code query} or {@code preparedQuery}). */
public final class CountingPool {
    private CountingPool() {
    }

    public static Pool wrap(Pool pool, Runnable onStatement) {
        return (Pool) Proxy.newProxyInstance(Pool.class.getClassLoader(), new Class<?>[] {Pool.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("query") || method.getName().equals("preparedQuery")) {
                        onStatement.run();
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
