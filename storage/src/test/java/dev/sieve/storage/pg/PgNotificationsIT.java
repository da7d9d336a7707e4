package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgNotificationsIT {
    /** A bound for correctness on a loaded machine; the time taken is printed, not asserted. */
    private static final Duration DELIVERY = Duration.ofSeconds(10);
    private static final String LISTENER_BACKENDS = "SELECT pid FROM pg_stat_activity"
            + " WHERE application_name = '" + PgNotifications.APPLICATION_NAME + "' AND datname = current_database()";
    private static Vertx vertx;
    private static String uri;
    private final List<String> policy = new CopyOnWriteArrayList<>();
    private final List<String> consent = new CopyOnWriteArrayList<>();
    private final AtomicInteger reconnected = new AtomicInteger();
    private PgNotifications notifications;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
    }

    @AfterAll
    static void stopVertx() {
        Await.result(vertx.close());
    }

    @BeforeEach
    void listen() {
        notifications = new PgNotifications(vertx, PgUri.parse(uri).connectOptions())
                .on("sieve_policy", policy::add)
                .on("sieve_consent", consent::add)
                .onReconnect(reconnected::incrementAndGet);
        Await.result(notifications.start());
    }

    @AfterEach
    void close() {
        Await.result(notifications.close());
    }

    @Test
    void aNotifyFromAnotherConnectionReachesItsChannelsHandler() {
        Sql.execute(uri, "SELECT pg_notify('sieve_policy', '7')");
        Sql.execute(uri, "SELECT pg_notify('sieve_consent', 'ab12')");
        Sql.execute(uri, "SELECT pg_notify('sieve_other', 'ignored')");

        Duration took = Await.until("both notifications delivered", DELIVERY,
                () -> policy.size() == 1 && consent.size() == 1);

        assertThat(policy).containsExactly("7");
        assertThat(consent).containsExactly("ab12");
        assertThat(notifications.listening()).isTrue();
        System.out.println("notification delivered in " + took.toMillis() + " ms");
    }

    @Test
    void whenItsBackendIsKilledItReconnectsRunsTheHooksAndListensAgain() {
        assertThat(Sql.rows(uri, LISTENER_BACKENDS)).hasSize(1);

        Sql.execute(uri, "SELECT pg_terminate_backend(pid) FROM (" + LISTENER_BACKENDS + ") AS listener");

        Duration took = Await.until("reconnected", Duration.ofSeconds(5), () -> reconnected.get() == 1);
        assertThat(notifications.listening()).isTrue();
        assertThat(notifications.reconnects()).isEqualTo(1);
        assertThat(Sql.rows(uri, LISTENER_BACKENDS)).hasSize(1);
        Sql.execute(uri, "SELECT pg_notify('sieve_consent', 'after')");
        Await.until("a notification after reconnecting", DELIVERY, () -> consent.contains("after"));
        System.out.println("reconnected in " + took.toMillis() + " ms");
    }

    @Test
    void aChannelRegisteredAfterStartIsListenedToo() {
        List<String> late = new CopyOnWriteArrayList<>();
        notifications.on("sieve_late", late::add);
        Await.until("LISTEN sieve_late", DELIVERY, () -> {
            Sql.execute(uri, "SELECT pg_notify('sieve_late', 'x')");
            return !late.isEmpty();
        });
    }

    @Test
    void afterCloseItNeitherListensNorReconnects() {
        Await.result(notifications.close());

        assertThat(notifications.listening()).isFalse();
        // The client closes at once; the server's backend leaves pg_stat_activity when it has exited.
        Await.until("the listening backend gone", DELIVERY, () -> Sql.rows(uri, LISTENER_BACKENDS).isEmpty());
    }

    @Test
    void startFailsWhenTheDatabaseIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PgNotifications unreachable = new PgNotifications(vertx,
                PgUri.parse(uri).connectOptions().setPort(closedPort));

        assertThat(Await.failure(unreachable.start())).isNotNull();
        assertThat(unreachable.listening()).isFalse();
        Await.result(unreachable.close());
    }

    @Test
    void channelNamesMustBePlainIdentifiers() {
        assertThatThrownBy(() -> notifications.on("x\"; DROP TABLE events; --", s -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
