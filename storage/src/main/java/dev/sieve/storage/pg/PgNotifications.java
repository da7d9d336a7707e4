package dev.sieve.storage.pg;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated connection per node that {@code LISTEN}s on the channels handlers are registered
 * for ({@link #on}) and hands each payload to them. Handlers run on this object's event loop and
 * must not block.
 *
 * <p>If the connection drops (or stops answering the heartbeat), it reconnects with a backoff
 * from 100 ms doubling to 5 s, listens again, and then runs the {@link #onReconnect} hooks:
 * notifications sent while it was away are lost, so callers reload what they cache (the policy,
 * the consent cache). The connection carries {@code application_name = sieve-notifications}.
 *
 * <p>Start it before the first load of what it invalidates, so no change falls between the two.
 */
public final class PgNotifications {
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifications.class);
    public static final String APPLICATION_NAME = "sieve-notifications";
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final Context context;
    private final PgConnectOptions options;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectHooks = new CopyOnWriteArrayList<>();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean listening;
    // Confined to the context:
    private PgConnection connection;
    private boolean starting;
    private boolean started;
    private boolean closed;
    private long backoffMillis = MIN_BACKOFF.toMillis();
    private long retryTimer = -1;
    private long heartbeatTimer = -1;

    public PgNotifications(Vertx vertx, PgConnectOptions connectOptions) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.context = vertx.getOrCreateContext();
        PgConnectOptions copy = new PgConnectOptions(Objects.requireNonNull(connectOptions, "connectOptions"));
        // A map of our own: the copy constructor may share the caller's.
        Map<String, String> properties = new java.util.HashMap<>(copy.getProperties());
        properties.put("application_name", APPLICATION_NAME);
        copy.setProperties(properties).setMetricsName(APPLICATION_NAME);
        this.options = copy;
    }

    /**
     * Calls {@code handler} with the payload of every notification on {@code channel} (a lower-case
     * SQL identifier). May be called before or after {@link #start()}.
     */
    public PgNotifications on(String channel, Consumer<String> handler) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        Objects.requireNonNull(handler, "handler");
        boolean isNew = handlers.putIfAbsent(channel, new CopyOnWriteArrayList<>()) == null;
        handlers.get(channel).add(handler);
        if (isNew) {
            context.runOnContext(v -> {
                PgConnection current = connection;
                if (current != null) {
                    listen(current, channel).onFailure(e -> current.close()); // reconnecting listens to all
                }
            });
        }
        return this;
    }

    /** Runs {@code hook} after every reconnection (not after the first connection). */
    public PgNotifications onReconnect(Runnable hook) {
        reconnectHooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Connects and listens. Fails if the first connection fails (nothing keeps running then), or
     * when called twice or after {@link #close()}.
     */
    public Future<Void> start() {
        Promise<Void> result = Promise.promise();
        context.runOnContext(v -> {
            if (starting || closed) {
                result.fail(new IllegalStateException("already started or closed"));
                return;
            }
            starting = true;
            connect().onSuccess(done -> {
                started = true;
                heartbeatTimer = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> heartbeat());
            }).onFailure(e -> starting = false).onComplete(result);
        });
        return result.future();
    }

    /** Stops listening and reconnecting. */
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            closed = true;
            listening = false;
            vertx.cancelTimer(retryTimer);
            vertx.cancelTimer(heartbeatTimer);
            PgConnection open = connection;
            connection = null;
            (open == null ? Future.<Void>succeededFuture() : open.close()).onComplete(done);
        });
        return done.future();
    }

    /** Whether the connection is up and listening (for health checks). */
    public boolean listening() {
        return listening;
    }

    /** How many times it reconnected since start (for metrics). */
    public long reconnects() {
        return reconnects.get();
    }

    private Future<Void> connect() {
        return PgConnection.connect(vertx, options).compose(opened -> {
            if (closed) {
                return opened.close().compose(v -> Future.failedFuture("closed"));
            }
            opened.notificationHandler(this::dispatch);
            opened.closeHandler(v -> connectionClosed(opened));
            Future<Void> all = Future.succeededFuture();
            for (String channel : handlers.keySet()) {
                all = all.compose(v -> listen(opened, channel));
            }
            return all.onSuccess(v -> {
                connection = opened;
                listening = true;
                backoffMillis = MIN_BACKOFF.toMillis();
            }).onFailure(e -> opened.close());
        });
    }

    private static Future<Void> listen(PgConnection connection, String channel) {
        // Identifiers cannot be bound as parameters; the name was checked against CHANNEL.
        return connection.query("LISTEN \"" + channel + "\"").execute().mapEmpty();
    }

    private void dispatch(PgNotification notification) {
        List<Consumer<String>> listeners = handlers.getOrDefault(notification.getChannel(), List.of());
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(notification.getPayload());
            } catch (RuntimeException e) {
                LOG.warn("a handler of channel {} failed: {}", notification.getChannel(), e.getClass().getName());
            }
        }
    }

    private void connectionClosed(PgConnection closedConnection) {
        if (closedConnection != connection) {
            return; // an attempt that failed half-way, or close()
        }
        connection = null;
        listening = false;
        if (started && !closed) {
            LOG.warn("the notification connection closed; reconnecting");
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
        retryTimer = vertx.setTimer(delay, id -> {
            retryTimer = -1;
            if (closed) {
                return;
            }
            connect().onSuccess(v -> {
                reconnects.incrementAndGet();
                LOG.info("the notification connection is back; reloading what may have been missed");
                reconnectHooks.forEach(PgNotifications::runHook);
            }).onFailure(e -> {
                LOG.debug("reconnecting failed: {}", DatabaseFailures.describe(e));
                if (!closed) {
                    scheduleReconnect();
                }
            });
        });
    }

    private static void runHook(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.warn("a reconnect hook failed: {}", e.getClass().getName());
        }
    }

    /** Finds a silently dead connection (no RST): a query that fails or hangs closes it. */
    private void heartbeat() {
        PgConnection current = connection;
        if (current != null) {
            current.query("SELECT 1").execute()
                    .timeout(HEARTBEAT.toMillis() / 2, TimeUnit.MILLISECONDS)
                    .onFailure(e -> current.close());
        }
    }
}
