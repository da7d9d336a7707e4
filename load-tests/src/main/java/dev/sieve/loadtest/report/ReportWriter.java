package dev.sieve.loadtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a run's report.md, its SVG plots and results.json (raw, every interval) into the results folder. */
public final class ReportWriter {
    private final Path dir;

    public ReportWriter(Path dir) {
        this.dir = dir;
    }

    public void write(SuiteResults results) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("results.json").toFile(), results);
        List<String> plots = new ArrayList<>();
        for (Map.Entry<String, String> chart : Charts.of(results).entrySet()) {
            Files.writeString(dir.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
            plots.add(chart.getKey());
        }
        Files.writeString(dir.resolve("report.md"), MarkdownReport.of(results, plots), StandardCharsets.UTF_8);
    }
}
