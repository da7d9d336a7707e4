package dev.sieve.loadtest.service;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One Prometheus histogram of seconds from the service's {@code /metrics}, summed over the series
 * that match: each bucket's upper bound ({@code le}; {@code +Inf} as infinity) to how many
 * observations were at most that long (cumulative, as Prometheus exposes it).
 */
public record MetricHistogram(SortedMap<Double, Long> buckets) {
    public static final MetricHistogram EMPTY = new MetricHistogram(new TreeMap<>());

    public MetricHistogram {
        buckets = new TreeMap<>(buckets);
    }

    /**
     * The buckets of {@code name} (without {@code _bucket}) in a Prometheus text exposition, summed
     * over every series whose labels contain all of {@code labels} (e.g. {@code route="/v1/events"}).
     */
    public static MetricHistogram parse(String metrics, String name, String... labels) {
        String prefix = name + "_bucket{";
        SortedMap<Double, Long> buckets = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            int close = line.lastIndexOf('}');
            if (!line.startsWith(prefix) || close < 0 || !hasAll(line.substring(prefix.length(), close), labels)) {
                continue;
            }
            int le = line.indexOf("le=\"", prefix.length());
            if (le < 0) {
                continue;
            }
            String bound = line.substring(le + 4, line.indexOf('"', le + 4));
            long count = (long) Double.parseDouble(line.substring(close + 1).trim());
            double upper = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            buckets.merge(upper, count, Long::sum);
        }
        return new MetricHistogram(buckets);
    }

    private static boolean hasAll(String labelText, String... labels) {
        for (String label : labels) {
            if (!labelText.contains(label)) {
                return false;
            }
        }
        return true;
    }

    /** The observations between {@code earlier} and this reading. */
    public MetricHistogram since(MetricHistogram earlier) {
        SortedMap<Double, Long> delta = new TreeMap<>();
        buckets.forEach((bound, count) -> delta.put(bound, count - earlier.buckets.getOrDefault(bound, 0L)));
        return new MetricHistogram(delta);
    }

    /** How many observations there are. */
    public long count() {
        return buckets.isEmpty() ? 0 : buckets.get(buckets.lastKey());
    }

    /**
     * An upper bound of the {@code quantile} (e.g. 0.99), in ms: the upper bound of the bucket it
     * falls in. NaN when there is no observation or it falls beyond the last finite bound.
     */
    public double msAtMost(double quantile) {
        long total = count();
        if (total <= 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(quantile * total);
        for (Map.Entry<Double, Long> b : buckets.entrySet()) {
            if (b.getValue() >= rank) {
                return Double.isInfinite(b.getKey()) ? Double.NaN : b.getKey() * 1000;
            }
        }
        return Double.NaN;
    }
}
