package dev.sieve.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenScheduleTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theRateRisesLinearlyOverTheRampThenHoldsSteady() {
        OpenSchedule s = new OpenSchedule(1000, 2 * SECOND);
        assertThat(s.dueBy(0)).isZero();
        assertThat(s.dueBy(SECOND)).isEqualTo(250);          // half the ramp: a quarter of its area
        assertThat(s.dueBy(2 * SECOND)).isEqualTo(1000);     // the ramp delivers half a second's worth per second
        assertThat(s.dueBy(3 * SECOND)).isEqualTo(2000);     // then 1000 per second
        assertThat(s.dueBy(12 * SECOND) - s.dueBy(2 * SECOND)).isEqualTo(10_000);
    }

    @Test
    void eachRequestIsDueWhenTheCountFirstReachesIt() {
        OpenSchedule s = new OpenSchedule(4321, 3 * SECOND);
        for (long n = 0; n < 50_000; n += 7) {
            long at = s.intendedNanos(n);
            assertThat(s.dueBy(at + 1_000)).as("request %d due by its time", n).isGreaterThanOrEqualTo(n);
            assertThat(s.dueBy(at - 1_000_000)).as("request %d not due a millisecond early", n).isLessThanOrEqualTo(n);
        }
    }

    @Test
    void withoutARampTheScheduleIsTheConstantRate() {
        OpenSchedule s = new OpenSchedule(500, 0);
        assertThat(s.dueBy(SECOND)).isEqualTo(500);
        assertThat(s.intendedNanos(250) / 1e9).isCloseTo(0.5, within(1e-6));
    }
}
