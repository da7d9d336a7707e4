package dev.sieve.loadtest.profile;

import dev.sieve.loadtest.report.ProfileSummary;
import dev.sieve.loadtest.report.Share;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/** Reads a JFR file and sums its execution samples, allocation samples and GC pauses. */
public final class JfrSummary {
    private static final int TOP = 15;

    private final Map<String, Long> components = new HashMap<>();
    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> inclusive = new HashMap<>();
    private final Map<String, Long> allocation = new HashMap<>();
    private long samples;
    private long allocationWeight;
    private double gcPauseMs;
    private long gcCount;
    private Instant first;
    private Instant last;

    private JfrSummary() {
    }

    public static ProfileSummary read(Path file) throws IOException {
        JfrSummary summary = new JfrSummary();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                summary.accept(recording.readEvent());
            }
        }
        return summary.result(file);
    }

    private void accept(RecordedEvent event) {
        String type = event.getEventType().getName();
        switch (type) {
            case "jdk.ExecutionSample" -> executionSample(event);
            case "jdk.ObjectAllocationSample" -> allocationSample(event);
            case "jdk.GarbageCollection" -> {
                gcCount++;
                gcPauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
            }
            default -> {
            }
        }
    }

    private void executionSample(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        samples++;
        Instant t = event.getStartTime();
        first = first == null || t.isBefore(first) ? t : first;
        last = last == null || t.isAfter(last) ? t : last;
        List<RecordedFrame> frames = stack.getFrames();
        List<String> classes = new ArrayList<>(frames.size());
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            classes.add(cls);
            if (cls.startsWith("dev.sieve.") || cls.startsWith("ua_parser.")) {
                String m = method(f);
                if (seen.add(m)) {
                    inclusive.merge(m, 1L, Long::sum);
                }
            }
        }
        self.merge(method(frames.get(0)), 1L, Long::sum);
        components.merge(Components.of(classes), 1L, Long::sum);
    }

    private void allocationSample(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        long weight = event.getLong("weight");
        String site = "?";
        if (stack != null) {
            for (RecordedFrame f : stack.getFrames()) {
                String cls = f.getMethod().getType().getName();
                if (!cls.startsWith("java.") && !cls.startsWith("jdk.") && !cls.startsWith("sun.")) {
                    site = method(f);
                    break;
                }
            }
        }
        String objectClass = event.getClass("objectClass") == null ? "?" : event.getClass("objectClass").getName();
        allocation.merge(objectClass + " in " + site, weight, Long::sum);
        allocationWeight += weight;
    }

    private static String method(RecordedFrame f) {
        String cls = f.getMethod().getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + " (" + packageOf(cls) + ")";
    }

    private static String packageOf(String cls) {
        int dot = cls.lastIndexOf('.');
        return dot < 0 ? "" : cls.substring(0, dot);
    }

    private ProfileSummary result(Path file) {
        double seconds = first == null ? 0 : Duration.between(first, last).toMillis() / 1000.0;
        return new ProfileSummary(file.getFileName().toString(), seconds, samples, shares(components, samples, 40),
                shares(self, samples, TOP), shares(inclusive, samples, TOP), shares(allocation, allocationWeight, 10),
                gcPauseMs, gcCount, List.of(), 0);
    }

    private static List<Share> shares(Map<String, Long> counts, long total, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .map(e -> new Share(e.getKey(), e.getValue(), total == 0 ? 0 : 100.0 * e.getValue() / total))
                .toList();
    }
}
