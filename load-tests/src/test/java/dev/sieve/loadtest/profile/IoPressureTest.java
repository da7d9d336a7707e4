package dev.sieve.loadtest.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IoPressureTest {

    @Test
    void theTotalOfTheSomeLineIsRead() {
        String pressure = "some avg10=1.96 avg60=2.10 avg300=2.03 total=535183429\n"
                + "full avg10=0.21 avg60=0.47 avg300=0.81 total=306565673\n";

        assertThat(IoPressure.someTotal(pressure)).isEqualTo(535_183_429L);
    }

    @Test
    void withoutASomeLineThePressureIsUnknown() {
        assertThat(IoPressure.someTotal("full avg10=0.00 avg60=0.00 avg300=0.00 total=12\n"))
                .isEqualTo(IoPressure.UNKNOWN);
        assertThat(IoPressure.someTotal("")).isEqualTo(IoPressure.UNKNOWN);
    }

    @Test
    void theStallBetweenTwoReadingsIsInMillisecondsAndUnknownStaysUnknown() {
        assertThat(IoPressure.stalledMillisBetween(1_000_000, 1_276_900)).isEqualTo(276.9);
        assertThat(IoPressure.stalledMillisBetween(IoPressure.UNKNOWN, 5)).isEqualTo(-1);
        assertThat(IoPressure.stalledMillisBetween(5, IoPressure.UNKNOWN)).isEqualTo(-1);
    }
}
