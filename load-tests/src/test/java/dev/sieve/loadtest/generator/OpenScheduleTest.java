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
        assertThat(s.dueBy(-1)).isZero();
        assertThat(s.dueBy(0)).isEqualTo(1);                 // request 0 is due at the start
        assertThat(s.dueBy(SECOND)).isEqualTo(251);          // half the ramp: a quarter of its area, plus request 0
        assertThat(s.dueBy(2 * SECOND)).isEqualTo(1001);     // the ramp delivers half a second's worth per second
        assertThat(s.dueBy(3 * SECOND)).isEqualTo(2001);     // then 1000 per second
        assertThat(s.dueBy(12 * SECOND) - s.dueBy(2 * SECOND)).isEqualTo(10_000);
    }

    @Test
    void eachRequestIsDueWhenTheCountFirstReachesIt() {
        OpenSchedule s = new OpenSchedule(4321, 3 * SECOND);
        for (long n = 0; n < 50_000; n += 7) {
            long at = s.intendedNanos(n);
            // dueBy counts requests 0..k-1: request n is among them once the count exceeds n.
            assertThat(s.dueBy(at)).as("request %d due at its time", n).isGreaterThan(n);
            assertThat(s.dueBy(at - 1)).as("request %d not due before its time", n).isLessThanOrEqualTo(n);
        }
    }

    @Test
    void withoutARampTheScheduleIsTheConstantRate() {
        OpenSchedule s = new OpenSchedule(500, 0);
        assertThat(s.dueBy(SECOND)).isEqualTo(501);         // 0, 2 ms, ..., 1000 ms
        assertThat(s.intendedNanos(250) / 1e9).isCloseTo(0.5, within(1e-6));
    }
}
