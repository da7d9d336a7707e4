package dev.sieve.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.event.Device;
import dev.sieve.enforcement.event.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every line of {@code decode/requests.jsonl}: a request (body as raw text or as JSON
 * {@code events}, content type, encoding, connection IP) and what decoding it must give (accepted
 * indexes, rejected indexes with codes, selected fields of accepted events, or a request error).
 * Receive time, connection IP and generated ids are fixed (see {@link DecodeFixtures}).
 */
class EventDecoderGoldenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Arguments> requests() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = EventDecoderGoldenTest.class.getResourceAsStream("/decode/requests.jsonl");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode c = MAPPER.readTree(line);
                    cases.add(Arguments.of(c.get("name").asText(), c));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void decodes_as_recorded(String name, JsonNode c) throws IOException {
        byte[] body = body(c);
        String contentType = c.has("contentType") ? text(c.get("contentType")) : "application/json";
        String encoding = text(c.get("contentEncoding"));
        String connectionIp = c.has("connectionIp") ? text(c.get("connectionIp")) : DecodeFixtures.CONNECTION_IP;
        EventDecoder decoder = DecodeFixtures.decoder();

        if (c.has("error")) {
            SieveException e = catchThrowableOfType(SieveException.class,
                    () -> decoder.decode(body, contentType, encoding, connectionIp, DecodeFixtures.RECEIVED_AT));
            assertThat(e).as("request error").isNotNull();
            assertThat(e.code().name()).isEqualTo(c.get("error").asText());
            if (c.has("messageContains")) {
                assertThat(e.getMessage()).contains(c.get("messageContains").asText());
            }
            return;
        }
        DecodedBatch batch = decoder.decode(body, contentType, encoding, connectionIp, DecodeFixtures.RECEIVED_AT);
        assertThat(batch.events()).extracting(IndexedEvent::index)
                .containsExactlyElementsOf(ints(c.get("accepted")));
        assertThat(batch.rejections()).extracting(r -> r.index() + ":" + r.code().wireName())
                .containsExactlyElementsOf(rejections(c.get("rejected")));
        assertThat(batch.total()).isEqualTo(c.get("accepted").size() + c.get("rejected").size());
        if (c.has("fields")) {
            checkFields(batch, c.get("fields"));
        }
    }

    private static void checkFields(DecodedBatch batch, JsonNode expected) {
        expected.properties().forEach(entry -> {
            int index = Integer.parseInt(entry.getKey());
            Event event = batch.events().stream().filter(e -> e.index() == index).findFirst().orElseThrow().event();
            Map<String, String> actual = flatten(event);
            entry.getValue().properties().forEach(field -> assertThat(actual.get(field.getKey()))
                    .as("event %d field %s", index, field.getKey())
                    .isEqualTo(text(field.getValue())));
        });
    }

    /** The event as field name to text; the golden file names the fields it cares about. */
    private static Map<String, String> flatten(Event e) {
        Map<String, String> out = new HashMap<>();
        out.put("id", e.id().toString());
        out.put("type", e.type());
        out.put("userId", e.userId());
        out.put("anonymousId", e.anonymousId());
        out.put("timestamp", e.timestamp().toString());
        out.put("receivedAt", e.receivedAt().toString());
        out.put("purpose", e.purpose().wireName());
        out.put("ip", e.ip());
        out.put("userAgent", e.userAgent());
        Device d = e.device();
        out.put("device", d.id() + "," + d.model() + "," + d.manufacturer() + "," + d.os() + "," + d.osVersion());
        out.put("properties", e.properties().toString());
        out.put("consent", e.consentOnEvent().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(x -> x.getKey().wireName() + "=" + x.getValue())
                .collect(Collectors.joining(",")));
        return out;
    }

    private static byte[] body(JsonNode c) throws IOException {
        byte[] plain = c.has("body")
                ? c.get("body").asText().getBytes(StandardCharsets.UTF_8)
                : MAPPER.writeValueAsBytes(c.get("events"));
        return c.path("gzip").asBoolean(false) ? DecodeFixtures.gzip(plain) : plain;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static List<String> rejections(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(0).asInt() + ":" + n.get(1).asText()));
        return out;
    }
}
