package dev.sieve.storage.kafka.testing;

import dev.sieve.storage.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder to a server (PostgreSQL) that a test can take down, cutting every connection
 * and refusing new ones, and bring back on the same port: an outage without stopping the shared server.
 */
public final class TcpProxy {
    private final Vertx vertx;
    private final String targetHost;
    private final int targetPort;
    private final NetClient client;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private int port;

    public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.client = vertx.createNetClient();
    }

    /** Listens (on a free port the first time, on the same port afterwards); returns the port. */
    public synchronized int up() {
        server = vertx.createNetServer().connectHandler(this::forward);
        server = Await.result(server.listen(port, "127.0.0.1"));
        port = server.actualPort();
        return port;
    }

    /** Stops listening and closes every forwarded connection. */
    public synchronized void down() {
        if (server != null) {
            Await.result(server.close());
            server = null;
        }
        sockets.forEach(NetSocket::close);
        sockets.clear();
    }

    public int port() {
        return port;
    }

    private void forward(NetSocket downstream) {
        downstream.pause();
        sockets.add(downstream);
        client.connect(targetPort, targetHost).onComplete(connected -> {
            if (connected.failed()) {
                downstream.close();
                return;
            }
            NetSocket upstream = connected.result();
            sockets.add(upstream);
            downstream.closeHandler(v -> upstream.close());
            upstream.closeHandler(v -> downstream.close());
            downstream.pipeTo(upstream);
            upstream.pipeTo(downstream);
        });
    }
}
