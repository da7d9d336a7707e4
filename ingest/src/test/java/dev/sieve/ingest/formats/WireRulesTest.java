package dev.sieve.ingest.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.formats.wire.EventTimes;
import dev.sieve.ingest.formats.wire.StableIds;
import dev.sieve.ingest.formats.wire.WireBodies;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared building blocks of the foreign formats, table-driven. */
class WireRulesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2026-11-29T12:00:00Z, 2026-11-29T12:00:00Z",
        "2026-11-29T13:00:00.250+01:00, 2026-11-29T12:00:00.250Z",
        "2020-08-16T09:03:11.913767, 2020-08-16T09:03:11.913767Z",
        "2026-11-29T11:59:59.500000+00:00, 2026-11-29T11:59:59.500Z",
    })
    void isoTimesAreReadWithOrWithoutAnOffset(String text, String expected) {
        assertThat(EventTimes.iso(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"2015-2-02T00:30:08.276Z", "yesterday", "2026-13-01T00:00:00Z", "''"})
    void otherTextIsNoTime(String text) {
        assertThat(EventTimes.iso(text)).isNull();
    }

    @Test
    void skewCorrectionKeepsTheClientsIntervalOnTheServersClock() {
        Instant received = Instant.parse("2026-11-29T12:00:00Z");
        // A client clock one hour fast: it says sent at 13:00:05 for an event at 13:00:00.
        Instant corrected = EventTimes.skewCorrected(received, Instant.parse("2026-11-29T13:00:05Z"),
                Instant.parse("2026-11-29T13:00:00Z"));
        assertThat(corrected).isEqualTo(Instant.parse("2026-11-29T11:59:55Z"));
        assertThat(EventTimes.tooFarAhead(received.plusSeconds(24 * 3600 + 1), received)).isTrue();
        assertThat(EventTimes.tooFarAhead(received.plusSeconds(24 * 3600), received)).isFalse();
    }

    @Test
    void epochMillisAreDigitsOnly() {
        assertThat(EventTimes.epochMillis("1665398554151")).isEqualTo(Instant.ofEpochMilli(1665398554151L));
        assertThat(EventTimes.epochMillis("-1")).isNull();
        assertThat(EventTimes.epochMillis("1e12")).isNull();
        assertThat(EventTimes.epochMillis("9999999999999999999")).isNull();
    }

    @Test
    void uuidsAreKeptAndOtherIdsBecomeStableNameBasedUuids() {
        assertThat(StableIds.of("segment", "3C8E5C8E-2F5D-4E7B-9C8A-1D2E3F4A5B6C"))
                .isEqualTo(UUID.fromString("3c8e5c8e-2f5d-4e7b-9c8a-1d2e3f4a5b6c"));
        UUID derived = StableIds.of("segment", "ajs-next-abc");
        assertThat(derived).isEqualTo(StableIds.of("segment", "ajs-next-abc")).isNotEqualTo(StableIds.of("posthog", "ajs-next-abc"));
        assertThat(derived.version()).isEqualTo(3);
        assertThat(StableIds.of("snowplow", "00000000-0000-0000-0000-000000000000"))
                .as("the nil UUID is not an id").isNotEqualTo(new UUID(0, 0));
    }

    @Test
    void base64IsReadInEitherAlphabetWithOrWithoutPadding() {
        byte[] json = "{\"a\":\"??>\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WireBodies.base64("eyJhIjoiPz8+In0=".getBytes(StandardCharsets.US_ASCII))).isEqualTo(json);
        assertThat(WireBodies.base64("eyJhIjoiPz8-In0".getBytes(StandardCharsets.US_ASCII))).isEqualTo(json);
        assertThat(WireBodies.base64("eyJhIjoiPz8 In0=".getBytes(StandardCharsets.US_ASCII)))
                .as("a form decoder's space is a plus").isEqualTo(json);
        assertThat(WireBodies.base64("not base64!".getBytes(StandardCharsets.US_ASCII))).isNull();
    }
}
