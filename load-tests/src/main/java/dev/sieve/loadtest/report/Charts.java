package dev.sieve.loadtest.report;

import dev.sieve.loadtest.generator.IntervalStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The report's plots, as SVG text by file name. */
final class Charts {
    private Charts() {
    }

    static Map<String, String> of(SuiteResults r) {
        Map<String, String> files = new LinkedHashMap<>();
        if (!r.phases().isEmpty()) {
            files.put("timeline-throughput.svg", timelineThroughput(r));
            files.put("timeline-latency.svg", timelineLatency(r));
        }
        for (PhaseResult p : r.phases()) {
            files.put("phase-" + p.name() + ".svg", phase(p));
        }
        return files;
    }

    private static String timelineThroughput(SuiteResults r) {
        SvgChart chart = new SvgChart("Events/s acknowledged, every HTTP phase of the run (1 s intervals)",
                "seconds since the run started", "events/s", false, 1100, 420);
        List<List<double[]>> events = new ArrayList<>();
        for (PhaseResult p : r.phases()) {
            events.add(points(p, IntervalStats::eventsPerSecond, false));
            chart.band(band(p));
        }
        chart.add(new SvgChart.Series("events/s", SvgChart.COLORS[0], events));
        List<List<double[]>> requests = new ArrayList<>();
        for (PhaseResult p : r.phases()) {
            requests.add(points(p, IntervalStats::requestsPerSecond, false));
        }
        chart.add(new SvgChart.Series("requests/s", SvgChart.COLORS[3], requests));
        return chart.render();
    }

    private static String timelineLatency(SuiteResults r) {
        SvgChart chart = new SvgChart("Latency percentiles over the run (1 s intervals; open model from the intended "
                + "send time)", "seconds since the run started", "ms (log)", true, 1100, 420);
        addPercentiles(chart, r.phases());
        for (PhaseResult p : r.phases()) {
            chart.band(band(p));
        }
        chart.horizontal(Ratios.P99_TARGET_MS, "10 ms target");
        return chart.render();
    }

    private static String phase(PhaseResult p) {
        SvgChart throughput = new SvgChart(p.name() + ": " + (p.batchSize() == 1 ? "requests/s" : "events/s")
                + " (1 s intervals, warm-up shaded)", "seconds since the run started", "per second", false, 820, 300);
        throughput.add(new SvgChart.Series(p.batchSize() == 1 ? "requests/s" : "events/s", SvgChart.COLORS[0],
                List.of(points(p, p.batchSize() == 1 ? IntervalStats::requestsPerSecond : IntervalStats::eventsPerSecond,
                        false))));
        warmupBand(throughput, p);
        SvgChart latency = new SvgChart(p.name() + ": latency percentiles", "seconds since the run started",
                "ms (log)", true, 820, 300);
        addPercentiles(latency, List.of(p));
        warmupBand(latency, p);
        return stack(throughput.render(), latency.render(), 820, 600);
    }

    private static void warmupBand(SvgChart chart, PhaseResult p) {
        List<IntervalStats> warm = p.intervals().stream().filter(i -> !i.measured()).toList();
        IntervalStats firstMeasured = p.intervals().stream().filter(IntervalStats::measured).findFirst().orElse(null);
        if (!warm.isEmpty() && firstMeasured != null && warm.get(0).atSeconds() < firstMeasured.atSeconds()) {
            IntervalStats w0 = warm.get(0);
            chart.band(new SvgChart.Band(w0.atSeconds() - w0.seconds(), firstMeasured.atSeconds() - 1, "warm-up"));
        }
    }

    private static void addPercentiles(SvgChart chart, List<PhaseResult> phases) {
        String[] names = {"p50", "p90", "p99", "p99.9", "max"};
        List<ToDoubleFunction<IntervalStats>> getters = List.of(IntervalStats::p50Ms, IntervalStats::p90Ms,
                IntervalStats::p99Ms, IntervalStats::p999Ms, IntervalStats::maxMs);
        for (int k = 0; k < names.length; k++) {
            List<List<double[]>> segments = new ArrayList<>();
            for (PhaseResult p : phases) {
                segments.add(points(p, getters.get(k), true));
            }
            chart.add(new SvgChart.Series(names[k], SvgChart.COLORS[k], segments));
        }
    }

    private static List<double[]> points(PhaseResult p, ToDoubleFunction<IntervalStats> value, boolean skipEmpty) {
        List<double[]> points = new ArrayList<>();
        for (IntervalStats i : p.intervals()) {
            if (i.seconds() < 0.5 || (skipEmpty && i.requests() + i.errors() == 0)) {
                continue; // the drain interval, or nothing completed
            }
            points.add(new double[] {i.atSeconds(), value.applyAsDouble(i)});
        }
        return points;
    }

    private static SvgChart.Band band(PhaseResult p) {
        List<IntervalStats> full = p.intervals().stream().filter(i -> i.seconds() >= 0.5).toList();
        if (full.isEmpty()) {
            return new SvgChart.Band(0, 0, p.name());
        }
        return new SvgChart.Band(full.get(0).atSeconds() - full.get(0).seconds(),
                full.get(full.size() - 1).atSeconds(), p.name());
    }

    /** Two SVGs one above the other in one file. */
    private static String stack(String top, String bottom, int width, int height) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height + "\">\n"
                + "<g>" + strip(top) + "</g>\n<g transform=\"translate(0,300)\">" + strip(bottom) + "</g>\n</svg>\n";
    }

    private static String strip(String svg) {
        return svg.replaceFirst(" xmlns=\"http://www.w3.org/2000/svg\"", "");
    }
}
