package dev.sieve.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void textFormMatchesUuidAndCarriesTagAndCounter() {
        EventIds ids = new EventIds(123_456);
        for (long counter : new long[] {0, 1, 99, 123_456_789, EventIds.MAX_COUNTER}) {
            byte[] out = new byte[EventIds.TEXT_LENGTH];
            ids.writeText(counter, out, 0);
            String text = new String(out, StandardCharsets.US_ASCII);
            UUID id = UUID.fromString(text);
            assertThat(id).isEqualTo(ids.id(counter));
            assertThat(text).isEqualTo(id.toString());
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(EventIds.counterOf(id)).isEqualTo(counter);
            assertThat(EventIds.tagOf(id)).isEqualTo(123_456);
            assertThat(text.substring(19, 28)).isEqualTo(ids.textTag());
        }
    }

    @Test
    void consecutiveCountersSpreadOverTheKeySpace() {
        EventIds ids = new EventIds(1);
        Set<Long> firstBytes = new HashSet<>();
        for (long c = 0; c < 1000; c++) {
            firstBytes.add(ids.id(c).getMostSignificantBits() >>> 56);
        }
        assertThat(firstBytes.size()).isGreaterThan(200);
    }

    @Test
    void tagsNeverShareIds() {
        assertThat(new EventIds(1).id(5)).isNotEqualTo(new EventIds(2).id(5));
    }
}
