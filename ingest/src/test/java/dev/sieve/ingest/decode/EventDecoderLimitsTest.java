package dev.sieve.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The size, count and depth bounds, with bodies too large to keep in the golden file. */
class EventDecoderLimitsTest {
    private static final String EVENT = "{\"type\":\"a\",\"userId\":\"u-1\"}";
    private static final int KIB = 1024;

    private final EventDecoder decoder = DecodeFixtures.decoder();

    /** A request that must fail as a whole: name, body, content type, encoding, code, message part. */
    static Stream<Arguments> requestErrors() {
        return Stream.of(
                error("body over 512 KiB", () -> array(EVENT, 20_000), "application/json", null,
                        ErrorCode.PAYLOAD_TOO_LARGE, "body is larger than 524288 bytes"),
                error("2,501 events in an array", () -> array(EVENT, 2_501), "application/json", null,
                        ErrorCode.PAYLOAD_TOO_LARGE, "more than 2500 events"),
                error("2,501 events in NDJSON", () -> ndjson(EVENT, 2_501), "application/x-ndjson", null,
                        ErrorCode.PAYLOAD_TOO_LARGE, "more than 2500 events"),
                error("an event over 32 KiB, single object", () -> bytes(eventOfSize(33 * KIB)), "application/json",
                        null, ErrorCode.PAYLOAD_TOO_LARGE, "event 0 is larger than 32768 bytes"),
                error("an event over 32 KiB in an array", () -> array3(EVENT, eventOfSize(33 * KIB), EVENT),
                        "application/json", null, ErrorCode.PAYLOAD_TOO_LARGE, "event 1 is larger than 32768 bytes"),
                error("an invalid event over 32 KiB in an array",
                        () -> array3(EVENT, eventOfSize(33 * KIB).replace("\"type\"", "\"kind\""), EVENT),
                        "application/json", null, ErrorCode.PAYLOAD_TOO_LARGE, "event 1 is larger than 32768 bytes"),
                error("a non-object over 32 KiB in an array", () -> array3(EVENT, "\"" + "x".repeat(33 * KIB) + "\"", EVENT),
                        "application/json", null, ErrorCode.PAYLOAD_TOO_LARGE, "event 1 is larger than 32768 bytes"),
                error("an NDJSON line over 32 KiB", () -> bytes(EVENT + "\n" + eventOfSize(33 * KIB) + "\n"),
                        "application/x-ndjson", null, ErrorCode.PAYLOAD_TOO_LARGE, "event 1 is larger than 32768 bytes"),
                error("gzip bomb: 64 KiB inflating to 64 MiB", EventDecoderLimitsTest::gzipBomb, "application/json",
                        "gzip", ErrorCode.PAYLOAD_TOO_LARGE, "decompressed body is larger than 524288 bytes"),
                error("gzip bomb by magic bytes alone", EventDecoderLimitsTest::gzipBomb, "application/json", null,
                        ErrorCode.PAYLOAD_TOO_LARGE, "decompressed body is larger than 524288 bytes"),
                error("corrupt gzip", () -> Arrays.copyOf(DecodeFixtures.gzip(bytes(EVENT)), 12), "application/json",
                        "gzip", ErrorCode.INVALID_REQUEST, "not valid gzip"),
                error("deflate", () -> bytes(EVENT), "application/json", "deflate",
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding"),
                error("nesting beyond the parser's hard stop, in an array",
                        () -> bytes("[{\"type\":\"a\",\"userId\":\"u\",\"properties\":{\"k\":" + "[".repeat(100)
                                + "]".repeat(100) + "}}]"),
                        "application/json", null, ErrorCode.INVALID_REQUEST, "nesting deeper than 64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestErrors")
    void fails_the_request(String name, Supplier<byte[]> body, String contentType, String encoding,
            ErrorCode code, String messagePart) {
        SieveException e = catchThrowableOfType(SieveException.class,
                () -> decoder.decode(body.get(), contentType, encoding, null, DecodeFixtures.RECEIVED_AT));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).contains(messagePart);
        assertThat(e.getCause()).as("Jackson and zip causes quote input").isNull();
    }

    /** Single-event bounds that reject the event: name, event JSON, expected code or null. */
    static Stream<Arguments> eventBounds() {
        return Stream.of(
                Arguments.of("userAgent of 1024", withField("userAgent", quoted("m".repeat(1024))), null),
                Arguments.of("userAgent of 1025", withField("userAgent", quoted("m".repeat(1025))), "too_long"),
                Arguments.of("property string of 8 KiB", withField("properties", "{\"k\":" + quoted("v".repeat(8 * KIB)) + "}"), null),
                Arguments.of("property string over 8 KiB", withField("properties", "{\"k\":" + quoted("v".repeat(8 * KIB + 1)) + "}"), "too_long"),
                Arguments.of("property key over 8 KiB", withField("properties", "{" + quoted("k".repeat(8 * KIB + 1)) + ":1}"), "too_long"),
                Arguments.of("device model of 200", withField("device", "{\"model\":" + quoted("p".repeat(200)) + "}"), null),
                Arguments.of("device model of 201", withField("device", "{\"model\":" + quoted("p".repeat(201)) + "}"), "too_long"),
                Arguments.of("event of exactly 32 KiB", eventOfSize(32 * KIB), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventBounds")
    void bounds_one_event(String name, String event, String rejection) {
        DecodedBatch batch = decoder.decode(bytes(event), "application/json", null, null, DecodeFixtures.RECEIVED_AT);
        if (rejection == null) {
            assertThat(batch.rejections()).isEmpty();
            assertThat(batch.events()).hasSize(1);
        } else {
            assertThat(batch.rejections()).extracting(r -> r.code().wireName()).containsExactly(rejection);
        }
    }

    @Test
    void accepts_exactly_the_batch_limit_in_both_formats() {
        assertThat(decoder.decode(array(EVENT, 2_500), "application/json", null, null, DecodeFixtures.RECEIVED_AT)
                .events()).hasSize(2_500);
        assertThat(decoder.decode(ndjson(EVENT, 2_500), "application/x-ndjson", null, null, DecodeFixtures.RECEIVED_AT)
                .events()).hasSize(2_500);
    }

    @Test
    void inflates_gzip_up_to_the_limit() {
        byte[] plain = array(EVENT, 2_000);
        DecodedBatch batch = decoder.decode(DecodeFixtures.gzip(plain), "application/json", "GZIP", null,
                DecodeFixtures.RECEIVED_AT);
        assertThat(batch.events()).hasSize(2_000);
    }

    @Test
    void honours_custom_limits() {
        EventDecoder small = DecodeFixtures.decoder(new DecodeLimits(4 * KIB, 2 * KIB, 3, 2, 10));
        assertThatThrownBy(() -> small.decode(array(EVENT, 4), "application/json", null, null, DecodeFixtures.RECEIVED_AT))
                .hasMessageContaining("more than 3 events");
        DecodedBatch batch = small.decode(bytes("[" + withField("properties", "{\"a\":{\"b\":1}}") + ","
                        + withField("properties", "{\"a\":{\"b\":[1]}}") + ","
                        + withField("properties", "{\"k\":\"01234567890\"}") + "]"),
                "application/json", null, null, DecodeFixtures.RECEIVED_AT);
        assertThat(batch.events()).extracting(IndexedEvent::index).containsExactly(0);
        assertThat(batch.rejections()).extracting(r -> r.code().wireName()).containsExactly("too_deep", "too_long");
    }

    @Test
    void refuses_inconsistent_limits() {
        assertThatThrownBy(() -> new DecodeLimits(1024, 2048, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecodeLimits(1024, 1024, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DecodeLimits.defaults())
                .isEqualTo(new DecodeLimits(512 * KIB, 32 * KIB, 2_500, 8, 8 * KIB));
    }

    private static Arguments error(String name, Supplier<byte[]> body, String contentType, String encoding,
            ErrorCode code, String messagePart) {
        return Arguments.of(name, body, contentType, encoding, code, messagePart);
    }

    private static String withField(String name, String json) {
        return "{\"type\":\"a\",\"userId\":\"u-1\",\"" + name + "\":" + json + "}";
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    /** A valid event of exactly {@code size} bytes, padded with short properties. */
    private static String eventOfSize(int size) {
        StringBuilder props = new StringBuilder();
        int i = 0;
        String shell = withField("properties", "{}");
        while (shell.length() + props.length() + 20 < size) {
            props.append(props.length() == 0 ? "" : ",").append("\"p").append(i++).append("\":\"vvvvv\"");
        }
        String event = withField("properties", "{" + props + ",\"pad\":\"\"}");
        String padded = event.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(size - event.length()) + "\"");
        assertThat(padded).hasSize(size);
        return padded;
    }

    private static byte[] array(String event, int count) {
        return bytes("[" + String.join(",", java.util.Collections.nCopies(count, event)) + "]");
    }

    private static byte[] array3(String a, String b, String c) {
        return bytes("[" + a + "," + b + "," + c + "]");
    }

    private static byte[] ndjson(String event, int count) {
        return bytes(String.join("\n", java.util.Collections.nCopies(count, event)));
    }

    private static byte[] gzipBomb() {
        byte[] zeros = new byte[64 * 1024 * 1024];
        Arrays.fill(zeros, (byte) ' ');
        return DecodeFixtures.gzip(zeros);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
