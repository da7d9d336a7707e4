package dev.sieve.loadtest.generator;

/**
 * Where requests go: always a loopback address.
 *
 * @param authorization the Authorization header value, or null for none
 */
public record LoadTarget(String host, int port, String path, String authorization) {
    public LoadTarget {
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("load is only ever sent to the loopback interface");
        }
    }
}
