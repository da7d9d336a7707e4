package dev.sieve.ingest.formats.edge;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address a request came from: the first {@code X-Forwarded-For} entry when the proxy in
 * front is trusted (the same setting as {@code POST /v1/events}), else the connection's peer.
 */
public record ClientAddress(boolean trustForwardedFor) {

    public String of(HttpServerRequest req) {
        if (trustForwardedFor) {
            String forwarded = req.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                int comma = forwarded.indexOf(',');
                return (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
            }
        }
        SocketAddress remote = req.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
