package dev.sieve.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A hand-written SVG line chart: numeric x, linear or log y, several series (each possibly in
 * several segments, so phases don't join), optional labelled x bands. No dependencies.
 */
public final class SvgChart {
    public static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

    /** A line: points grouped in segments drawn separately. */
    public record Series(String name, String color, List<List<double[]>> segments) {
    }

    /** A shaded x range with a label at the top. */
    public record Band(double from, double to, String label) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final int width;
    private final int height;
    private final List<Series> series = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<double[]> horizontalLines = new ArrayList<>();
    private final List<String> horizontalLabels = new ArrayList<>();

    public SvgChart(String title, String xLabel, String yLabel, boolean logY, int width, int height) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
        this.width = width;
        this.height = height;
    }

    public SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    public SvgChart band(Band b) {
        bands.add(b);
        return this;
    }

    /** A dashed reference line, e.g. a target. */
    public SvgChart horizontal(double y, String label) {
        horizontalLines.add(new double[] {y});
        horizontalLabels.add(label);
        return this;
    }

    public String render() {
        double left = 70;
        double right = 20 + 150;
        double top = 40;
        double bottom = 50;
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        double[] xr = xRange();
        double[] yr = yRange();
        StringBuilder svg = new StringBuilder(16_384);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                left, esc(title)));
        Mapper m = new Mapper(xr, yr, left, top, plotW, plotH, logY);
        for (int i = 0; i < bands.size(); i++) {
            Band b = bands.get(i);
            double x1 = m.x(b.from());
            double x2 = m.x(b.to());
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"%s\" fill-opacity=\"0.06\"/>%n", x1, top, Math.max(0.5, x2 - x1), plotH,
                    i % 2 == 0 ? "#000" : "#1f77b4"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#555\" "
                    + "transform=\"rotate(-90 %.1f %.1f)\" text-anchor=\"end\">%s</text>%n",
                    x1 + 9, top + 4, x1 + 9, top + 4, esc(b.label())));
        }
        axes(svg, m, xr, yr, left, top, plotW, plotH);
        for (int i = 0; i < horizontalLines.size(); i++) {
            double y = m.y(horizontalLines.get(i)[0]);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\" "
                    + "stroke-dasharray=\"5,4\"/>%n", left, y, left + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#444\">%s</text>%n",
                    left + plotW + 4, y + 4, esc(horizontalLabels.get(i))));
        }
        int legendY = (int) top + 10;
        for (Series s : series) {
            for (List<double[]> segment : s.segments()) {
                if (segment.isEmpty()) {
                    continue;
                }
                StringBuilder pts = new StringBuilder();
                for (double[] p : segment) {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", m.x(p[0]), m.y(p[1])));
                }
                svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" "
                        + "points=\"%s\"/>%n", s.color(), pts.toString().trim()));
                if (segment.size() == 1) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n",
                            m.x(segment.get(0)[0]), m.y(segment.get(0)[1]), s.color()));
                }
            }
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                    + "<text x=\"%.0f\" y=\"%d\">%s</text>%n", left + plotW + 8, legendY - 3, s.color(),
                    left + plotW + 24, legendY + 1, esc(s.name())));
            legendY += 15;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void axes(StringBuilder svg, Mapper m, double[] xr, double[] yr, double left, double top, double plotW,
                      double plotH) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", left, top, plotW, plotH));
        for (double v : ticks(xr[0], xr[1], false)) {
            double x = m.x(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", x, top, x, top + plotH, x,
                    top + plotH + 14, fmt(v)));
        }
        for (double v : ticks(yr[0], yr[1], logY)) {
            double y = m.y(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, y, left + plotW, y,
                    left - 5, y + 4, fmt(v)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                left + plotW / 2, top + plotH + 34, esc(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %.1f)\">%s</text>%n", top + plotH / 2, top + plotH / 2, esc(yLabel)));
    }

    private double[] xRange() {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Series s : series) {
            for (List<double[]> seg : s.segments()) {
                for (double[] p : seg) {
                    lo = Math.min(lo, p[0]);
                    hi = Math.max(hi, p[0]);
                }
            }
        }
        for (Band b : bands) {
            lo = Math.min(lo, b.from());
            hi = Math.max(hi, b.to());
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        return hi - lo < 1e-9 ? new double[] {lo - 1, hi + 1} : new double[] {lo, hi};
    }

    private double[] yRange() {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Series s : series) {
            for (List<double[]> seg : s.segments()) {
                for (double[] p : seg) {
                    if (!logY || p[1] > 0) {
                        lo = Math.min(lo, p[1]);
                    }
                    hi = Math.max(hi, p[1]);
                }
            }
        }
        for (double[] h : horizontalLines) {
            hi = Math.max(hi, h[0]);
            lo = Math.min(lo, h[0]);
        }
        if (logY) {
            lo = lo == Double.MAX_VALUE ? 0.1 : Math.pow(10, Math.floor(Math.log10(Math.max(lo, 1e-3))));
            hi = Math.pow(10, Math.ceil(Math.log10(Math.max(hi, lo * 10))));
            return new double[] {lo, hi};
        }
        return new double[] {0, hi <= 0 ? 1 : niceCeil(hi * 1.05)};
    }

    private static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double f : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (f * p >= v) {
                return f * p;
            }
        }
        return 10 * p;
    }

    private static List<Double> ticks(double lo, double hi, boolean log) {
        List<Double> out = new ArrayList<>();
        if (log) {
            for (double v = lo; v <= hi * 1.0001; v *= 10) {
                out.add(v);
            }
            return out;
        }
        double span = hi - lo;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double f : new double[] {1, 2, 5, 10}) {
            if (span / (step * f) <= 8) {
                step *= f;
                break;
            }
        }
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
            out.add(v);
        }
        return out;
    }

    private static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        }
        if (a >= 1_000) {
            return trim(v / 1_000) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private record Mapper(double[] xr, double[] yr, double left, double top, double w, double h, boolean log) {
        double x(double v) {
            return left + (v - xr[0]) / (xr[1] - xr[0]) * w;
        }

        double y(double v) {
            double f;
            if (log) {
                double lv = Math.log10(Math.max(v, yr[0]));
                f = (lv - Math.log10(yr[0])) / (Math.log10(yr[1]) - Math.log10(yr[0]));
            } else {
                f = (v - yr[0]) / (yr[1] - yr[0]);
            }
            return top + h - Math.max(0, Math.min(1, f)) * h;
        }
    }
}
