package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void readsWhatInstantWritesLikeTheJdk() {
        SplittableRandom random = new SplittableRandom(20261129);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L); // years 0001-9999
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(InstantText.parse(instant.toString())).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T12:00:00Z", "2026-11-29T12:00:00.5Z", "2024-02-29T23:59:59.123456789Z",
            "1970-01-01T00:00:00Z", "+12026-01-01T00:00:00Z", "2026-11-29T12:00:00+01:00", "2026-11-29T12:00Z",
            "2026-11-29T24:00:00Z", "2026-11-29T12:00:00.Z", "2026-11-29T23:59:60Z"})
    void agreesWithTheJdkOnOtherSpellings(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> InstantText.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(InstantText.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-29T12:00:00.1234567890Z",
            "2026-11-2xT12:00:00Z", "2026-11-29T12:60:00Z", "secret-user-42", ""})
    void refusesWhatTheJdkRefuses(String text) {
        assertThatThrownBy(() -> InstantText.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
