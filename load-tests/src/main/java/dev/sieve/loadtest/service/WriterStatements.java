package dev.sieve.loadtest.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the service's group-commit writers sent, from its {@code /metrics}
 * ({@code sieve_writer_batch_rows} and {@code sieve_writer_commit_seconds}, summed over event
 * loops): how many insert statements, how many rows in them, and the seconds from sending each to
 * its commit. Counted over a phase, it shows how big the statements were and how long they took.
 */
public record WriterStatements(long statements, double rows, double commitSeconds) {
    public static final WriterStatements NONE = new WriterStatements(0, 0, 0);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads the counters of the service on 127.0.0.1:{@code port}. */
    public static WriterStatements read(int port) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> answer = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + answer.statusCode());
        }
        return parse(answer.body());
    }

    /** The counters in a Prometheus text exposition; missing ones count as 0. */
    static WriterStatements parse(String metrics) {
        long statements = 0;
        double rows = 0;
        double commitSeconds = 0;
        for (String line : metrics.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith("#") || space < 0) {
                continue;
            }
            String name = line.substring(0, space).trim();
            String value = line.substring(space + 1).trim();
            switch (name) {
                case "sieve_writer_batch_rows_count" -> statements = (long) Double.parseDouble(value);
                case "sieve_writer_batch_rows_sum" -> rows = Double.parseDouble(value);
                case "sieve_writer_commit_seconds_sum" -> commitSeconds = Double.parseDouble(value);
                default -> {
                }
            }
        }
        return new WriterStatements(statements, rows, commitSeconds);
    }

    /** What was sent between {@code earlier} and this reading. */
    public WriterStatements since(WriterStatements earlier) {
        return new WriterStatements(statements - earlier.statements, rows - earlier.rows,
                commitSeconds - earlier.commitSeconds);
    }

    public double rowsPerStatement() {
        return statements == 0 ? 0 : rows / statements;
    }

    public double commitMsPerStatement() {
        return statements == 0 ? 0 : commitSeconds * 1000 / statements;
    }
}
