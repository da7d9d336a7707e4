package dev.sieve.loadtest.service;

import dev.sieve.loadtest.generator.ConsentGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records the consent of the synthetic users through {@code PUT /v1/consent/{userId}}: a third
 * grant every purpose, a third deny every purpose, a third are never asked (unknown).
 */
public final class ConsentSeeder {
    private static final int IN_FLIGHT = 64;

    private ConsentSeeder() {
    }

    /** Returns how many users were recorded; fails if any PUT failed or the whole took over {@code maxSeconds}. */
    public static int seed(int port, String consentKey, int users, int maxSeconds) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore room = new Semaphore(IN_FLIGHT);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        int sent = 0;
        for (int u = 0; u < users; u++) {
            String body = ConsentGroup.of(u).consentBody().orElse(null);
            if (body == null) {
                continue;
            }
            if (!room.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("consent seeding took longer than " + maxSeconds + " s");
            }
            HttpRequest put = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/consent/"
                            + ConsentGroup.userId(u)))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + consentKey)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
            sent++;
            CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(put, HttpResponse.BodyHandlers.discarding());
            answer.whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    failures.incrementAndGet();
                }
                done.incrementAndGet();
                room.release();
            });
        }
        if (!room.tryAcquire(IN_FLIGHT, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("consent seeding took longer than " + maxSeconds + " s");
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + sent + " consent updates failed");
        }
        return done.get();
    }
}
