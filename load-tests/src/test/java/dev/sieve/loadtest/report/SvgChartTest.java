package dev.sieve.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void rendersSeriesBandsAndTargetLine() {
        String svg = new SvgChart("title <x>", "s", "ms", true, 600, 300)
                .add(new SvgChart.Series("p99", "#d62728", List.of(
                        List.of(new double[] {1, 2.5}, new double[] {2, 40}), List.of(new double[] {5, 0.7}))))
                .band(new SvgChart.Band(0, 3, "batch-100"))
                .horizontal(10, "target")
                .render();
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("title &lt;x&gt;", "batch-100", "p99")
                .contains("stroke-dasharray");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        assertThat(svg).doesNotContain("NaN", "Infinity");
    }

    @Test
    void emptyChartStillRenders() {
        assertThat(new SvgChart("t", "x", "y", false, 300, 200).render()).contains("</svg>");
    }
}
