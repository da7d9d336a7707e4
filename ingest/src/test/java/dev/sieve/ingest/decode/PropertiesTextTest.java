package dev.sieve.ingest.decode;

import static dev.sieve.ingest.decode.DecodeFixtures.CONNECTION_IP;
import static dev.sieve.ingest.decode.DecodeFixtures.RECEIVED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.event.EventProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder keeps {@code properties} as the client's JSON text (what storage then writes to
 * {@code jsonb}) only when that text means exactly the tree it would otherwise build; otherwise
 * it builds the tree. Either way the checks of the tree path apply (the golden file covers them).
 */
class PropertiesTextTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROPS = "{ \"path\" : \"/pricing\",\"n\":3, \"price\": 19.99, \"big\": 12345678901234567890,"
            + " \"ok\":true,\"none\":null, \"nested\": {\"a\": [1, 2.5, \"\\u00e9\\/x\", {\"b\": false}]},"
            + " \"emoji\": \"\uD83D\uDE00\", \"esc\": \"line\\nbreak \\\"q\\\"\" }";

    static Stream<Arguments> bodies() {
        String event = "{\"type\":\"page_view\",\"userId\":\"u-1\",\"properties\":" + PROPS + "}";
        return Stream.of(
                Arguments.of("one object", event.getBytes(StandardCharsets.UTF_8), "application/json", null),
                Arguments.of("array", ("[" + event + " , " + event + "]").getBytes(StandardCharsets.UTF_8),
                        "application/json", null),
                Arguments.of("ndjson", ("\n  " + event + "\n" + event + "  \n").getBytes(StandardCharsets.UTF_8),
                        "application/x-ndjson", null),
                Arguments.of("gzip", DecodeFixtures.gzip(("[" + event + "]").getBytes(StandardCharsets.UTF_8)),
                        "application/json", "gzip"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void keeps_the_text_as_received(String name, byte[] body, String contentType, String encoding) throws Exception {
        DecodedBatch batch = DecodeFixtures.decoder().decode(body, contentType, encoding, CONNECTION_IP, RECEIVED_AT);

        assertThat(batch.rejections()).isEmpty();
        assertThat(batch.events()).isNotEmpty().allSatisfy(e -> {
            EventProperties p = e.event().properties();
            assertThat(p.isText()).isTrue();
            assertThat(p.json()).isEqualTo(PROPS);
        });
        byte[] utf8 = PROPS.getBytes(StandardCharsets.UTF_8);
        assertThat(batch.events()).allSatisfy(e -> {
            ByteBuffer view = e.event().properties().utf8();
            assertThat(view.array()).as("its own bytes, not a view of the whole body").hasSize(utf8.length);
            byte[] read = new byte[view.remaining()];
            view.get(read);
            assertThat(read).isEqualTo(utf8);
        });
        // The text means what the tree reader would have built from it.
        ObjectNode tree = (ObjectNode) MAPPER.readTree(PROPS);
        assertThat(batch.events().get(0).event().properties().tree()).isEqualTo(tree);
    }

    /** Numbers a double prints differently (and -0) would be stored differently: those get the tree. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unfaithful")
    void builds_the_tree_when_a_number_would_print_differently(String number, String printed) {
        EventProperties p = decodeOne("{\"x\":{\"y\":[" + number + "]},\"s\":\"t\"}");

        assertThat(p.isText()).isFalse();
        assertThat(p.json()).isEqualTo("{\"x\":{\"y\":[" + printed + "]},\"s\":\"t\"}");
    }

    static Stream<Arguments> unfaithful() {
        return Stream.of(
                Arguments.of("1e3", "1000.0"),
                Arguments.of("1.50", "1.5"),
                Arguments.of("-0", "0"),
                Arguments.of("0.1000000000000000055511151231257827", "0.1"),
                Arguments.of("2E-1", "0.2"));
    }

    @Test
    void keeps_numbers_that_print_back_the_same() {
        String text = "{\"a\":1.5,\"b\":-0.25,\"c\":1.0E10,\"d\":0,\"e\":-7,\"f\":0.0}";
        EventProperties p = decodeOne(text);

        assertThat(p.isText()).isTrue();
        assertThat(p.json()).isEqualTo(text);
    }

    @Test
    void absent_properties_are_an_empty_object() {
        byte[] body = "{\"type\":\"t\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8);
        EventProperties p = DecodeFixtures.decoder().decode(body, "application/json", null, CONNECTION_IP, RECEIVED_AT)
                .events().get(0).event().properties();

        assertThat(p.isEmpty()).isTrue();
        assertThat(p.json()).isEqualTo("{}");
    }

    @Test
    void checks_still_apply_to_keys_past_the_first_dozen() {
        StringBuilder props = new StringBuilder("{");
        for (int i = 0; i < 20; i++) {
            props.append("\"k").append(i).append("\":").append(i).append(',');
        }
        props.append("\"k3\":0}");
        byte[] body = ("{\"type\":\"t\",\"userId\":\"u\",\"properties\":" + props + "}").getBytes(StandardCharsets.UTF_8);
        DecodedBatch batch = DecodeFixtures.decoder().decode(body, "application/json", null, CONNECTION_IP, RECEIVED_AT);

        assertThat(batch.events()).isEmpty();
        assertThat(batch.rejections()).singleElement()
                .satisfies(r -> assertThat(r.code()).isEqualTo(RejectionCode.DUPLICATE_FIELD));
    }

    @Test
    void a_utf16_body_gets_the_tree() throws Exception {
        String event = "{\"type\":\"t\",\"userId\":\"u\",\"properties\":{\"a\":\"\u00e9\"}}";
        byte[] body = event.getBytes(StandardCharsets.UTF_16BE);
        EventProperties p = DecodeFixtures.decoder().decode(body, "application/json", null, CONNECTION_IP, RECEIVED_AT)
                .events().get(0).event().properties();

        assertThat(p.tree()).isEqualTo((JsonNode) MAPPER.readTree("{\"a\":\"\u00e9\"}"));
    }

    /**
     * Text goes to storage as bytes, so bytes that are not UTF-8 must never be accepted: one such
     * value would fail its whole group-commit batch (or store replacement characters).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void bytes_that_are_not_utf8_are_never_accepted(String name, byte[] bad) {
        byte[] badEvent = concat("{\"type\":\"t\",\"userId\":\"u\",\"properties\":{\"p\":\"a".getBytes(StandardCharsets.UTF_8),
                bad, "\"}}".getBytes(StandardCharsets.UTF_8));
        byte[] goodEvent = "{\"type\":\"t\",\"userId\":\"u\",\"properties\":{\"p\":\"ok\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] array = concat("[".getBytes(StandardCharsets.UTF_8), badEvent, ",".getBytes(StandardCharsets.UTF_8),
                goodEvent, "]".getBytes(StandardCharsets.UTF_8));
        byte[] ndjson = concat(badEvent, "\n".getBytes(StandardCharsets.UTF_8), goodEvent);

        // JSON: broken syntax anywhere refuses the whole request (4xx), so nothing of it is stored
        assertThatThrownBy(() -> DecodeFixtures.decoder().decode(array, "application/json", null, CONNECTION_IP, RECEIVED_AT))
                .isInstanceOfSatisfying(SieveException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON));
        // NDJSON: the line is rejected, the valid line beside it is kept
        DecodedBatch lines = DecodeFixtures.decoder().decode(ndjson, "application/x-ndjson", null, CONNECTION_IP, RECEIVED_AT);
        assertThat(lines.rejections()).extracting(r -> r.index() + ":" + r.code()).containsExactly("0:" + RejectionCode.MALFORMED_JSON);
        assertThat(lines.events()).extracting(e -> e.event().properties().json()).containsExactly("{\"p\":\"ok\"}");
    }

    static Stream<Arguments> notUtf8() {
        return Stream.of(
                Arguments.of("lone continuation byte", new byte[] {(byte) 0x80}),
                Arguments.of("lead byte without continuation", new byte[] {(byte) 0xC3, 0x28}),
                Arguments.of("overlong slash", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arguments.of("encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                Arguments.of("above U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                Arguments.of("truncated at the quote", new byte[] {(byte) 0xE2, (byte) 0x82}));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static EventProperties decodeOne(String properties) {
        byte[] body = ("{\"type\":\"t\",\"userId\":\"u\",\"properties\":" + properties + "}")
                .getBytes(StandardCharsets.UTF_8);
        DecodedBatch batch = DecodeFixtures.decoder().decode(body, "application/json", null, CONNECTION_IP, RECEIVED_AT);
        assertThat(batch.rejections()).isEmpty();
        return batch.events().get(0).event().properties();
    }
}
