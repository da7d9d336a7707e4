package dev.sieve.loadtest.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The service's {@code /metrics} as a phase needs them: what its writers sent
 * ({@link WriterStatements}) and its own time per {@code POST /v1/events}, from a request's first
 * byte to its answer's last ({@code vertx_http_server_response_time_seconds}). Set beside the
 * generator's latency, the second shows how much of a tail was spent outside the service.
 */
public record ServiceMetrics(WriterStatements statements, MetricHistogram ingestResponses) {
    public static final ServiceMetrics NONE = new ServiceMetrics(WriterStatements.NONE, MetricHistogram.EMPTY);
    static final String RESPONSE_TIME = "vertx_http_server_response_time_seconds";
    /** The ingest route's label: Vert.x names a route of a mounted sub-router after both. */
    static final String INGEST_ROUTE = "route=\"/v1/events>/v1/events\"";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads the metrics of the service on 127.0.0.1:{@code port}. */
    public static ServiceMetrics read(int port) throws IOException, InterruptedException {
        return parse(fetch(port));
    }

    /** The Prometheus text of the service on 127.0.0.1:{@code port}. */
    private static String fetch(int port) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> answer = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + answer.statusCode());
        }
        return answer.body();
    }

    static ServiceMetrics parse(String metrics) {
        return new ServiceMetrics(WriterStatements.parse(metrics),
                MetricHistogram.parse(metrics, RESPONSE_TIME, "method=\"POST\"", INGEST_ROUTE));
    }

    /** What happened between {@code earlier} and this reading. */
    public ServiceMetrics since(ServiceMetrics earlier) {
        return new ServiceMetrics(statements.since(earlier.statements), ingestResponses.since(earlier.ingestResponses));
    }
}
