package dev.sieve.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written syntax checks against the JDK's own parsers and the wire-format rules. */
class FieldSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-29T12:00:00Z",
        "2026-11-29T12:00:00.000Z",
        "2026-11-29T12:00:00.1Z",
        "2026-11-29T12:00:00.123456789Z",
        "2026-11-29T13:00:00+01:00",
        "2026-11-29T06:30:00.5-05:30",
        "2024-02-29T23:59:59+18:00",
        "1970-01-01T00:00:00Z"})
    void parses_what_iso_offset_date_time_parses(String text) {
        assertThat(Rfc3339.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "2026-11-29", "2026-11-29T12:00Z", "2026-11-29T12:00:00", "2026-11-29T12:00:00.000",
        "2026-11-29 12:00:00Z", "2026-11-29t12:00:00Z", "2026-11-29T12:00:00.Z", "2026-11-29T12:00:00.1234567890Z",
        "2026-11-29T12:00:00+0100", "2026-11-29T12:00:00+01", "2026-11-29T12:00:00+19:00", "2026-11-29T12:00:00+01:60",
        "2026-13-01T12:00:00Z", "2026-00-01T12:00:00Z", "2025-02-29T12:00:00Z", "2026-04-31T12:00:00Z",
        "2026-11-29T24:00:00Z", "2026-11-29T12:60:00Z", "2026-11-29T12:00:60Z", "+2026-11-29T12:00:00Z",
        "2026-11-29T12:00:00ZZ", "2026-1１-29T12:00:00Z", "1795953600000"})
    void refuses_anything_else(String text) {
        assertThat(Rfc3339.parse(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c11, true",
        "0B6C3F0E-8D4E-4C1A-9D7E-2F1F5A9B7C11, true",
        "ffffffff-ffff-ffff-ffff-ffffffffffff, true",
        "1-1-1-1-1, false",
        "0b6c3f0e8d4e4c1a9d7e2f1f5a9b7c11, false",
        "0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c1, false",
        "0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c111, false",
        "0b6c3f0e_8d4e-4c1a-9d7e-2f1f5a9b7c11, false",
        "0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c1g, false",
        "0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c1１, false",
        "{b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c1}, false"})
    void parses_canonical_uuids_only(String text, boolean valid) {
        UUID parsed = FieldSyntax.parseUuid(text);
        if (valid) {
            assertThat(parsed).isEqualTo(UUID.fromString(text));
        } else {
            assertThat(parsed).isNull();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "page_view|true", "Order Completed|true", "$identify|true", "app:screen.view-2|true",
        "''|false", "page/view|false", "page\tview|false", "pagé|false", "a,b|false"})
    void accepts_event_names_from_the_allowed_characters(String name, boolean valid) {
        assertThat(FieldSyntax.isEventName(name)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plain|true", "emoji \uD83D\uDE00|true", "nul \u0000 inside|false", "lone high \uD800|false",
        "lone low \uDC00 x|false", "reversed \uDE00\uD83D|false", "ends high \uD83D|false"})
    void storable_text_has_no_nul_and_no_lone_surrogate(String text, boolean storable) {
        assertThat(FieldSyntax.isStorable(text)).isEqualTo(storable);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/json|JSON", "application/json; charset=utf-8|JSON", "APPLICATION/JSON;CHARSET=\"UTF-8\"|JSON",
        "text/plain;charset=UTF-8|JSON", "application/x-ndjson|NDJSON", " application/x-ndjson ; charset=utf8|NDJSON",
        "application/json; boundary=x|JSON"})
    void reads_the_body_format_from_the_content_type(String contentType, BodyFormat format) {
        assertThat(BodyFormat.of(contentType)).isEqualTo(format);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-11-29T12:00:00.000Z|2026-11-29T12:00:00Z",
        "2026-11-29T00:00:00.000+01:00|2026-11-28T23:00:00Z"})
    void converts_offsets_to_utc(String text, String utc) {
        assertThat(Rfc3339.parse(text)).isEqualTo(Instant.parse(utc));
    }
}
