package dev.sieve.ingest.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.ingest.formats.edge.CorsSettings;
import dev.sieve.ingest.formats.snowplow.SnowplowApps;
import dev.sieve.ingest.formats.wire.StableIds;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the golden files {@code formats/<format>/requests.jsonl}: each line is a request written
 * from the format's public documentation or SDK source (named in {@code source}), sent over real
 * HTTP to the real router, and what must come of it: the status, the answer, the rejected
 * indexes, and the enforced rows stored, field by field (only the fields a case names).
 *
 * <p>Bodies are {@code json} or raw {@code text}, optionally sent as a {@code base64Form}
 * ({@code data=<base64>}) and/or {@code gzip}-compressed; {@code queryDataJson} is sent as
 * {@code ?data=<base64 JSON>}. In the files, {@code $WRITER_KEY} stands for the test writer key and {@code $WRITER_BASIC}
 * for its Basic credentials; an expected {@code "pseudonym:<domain>:<raw>"} is the pseudonym
 * of a raw identifier and {@code "stable:<format>:<id>"} the event id derived from a source id.
 */
class FormatGoldenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static FormatApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new FormatApp(new FormatSettings(CorsSettings.none(),
                new SnowplowApps(Map.of("website", FormatApp.WRITER_KEY, "snowplow", FormatApp.WRITER_KEY)),
                FormatSettings.DEFAULT_TYPE_PURPOSES));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String format : List.of("segment", "posthog", "snowplow")) {
            try (InputStream in = FormatGoldenTest.class.getResourceAsStream("/formats/" + format + "/requests.jsonl");
                 BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isBlank()) {
                        String text = line.replace("$WRITER_KEY", FormatApp.WRITER_KEY).replace("$WRITER_BASIC",
                                Base64.getEncoder().encodeToString((FormatApp.WRITER_KEY + ":").getBytes(StandardCharsets.UTF_8)));
                        JsonNode c = MAPPER.readTree(text);
                        out.add(Arguments.of(format + ": " + c.get("name").asText(), c));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void requestGivesTheRecordedAnswerAndRows(String name, JsonNode c) throws IOException {
        app.reset();
        c.path("consent").fields().forEachRemaining(subject -> app.consent(subject.getKey(), purposes(subject.getValue())));

        HttpResponse<String> response = app.send(request(c.get("request")));

        assertThat(response.statusCode()).as("status; body %s", response.body()).isEqualTo(c.get("status").asInt());
        if (c.has("response")) {
            JsonNode body = MAPPER.readTree(response.body());
            c.get("response").fields().forEachRemaining(f -> assertThat(body.get(f.getKey())).as("answer field %s", f.getKey())
                    .isEqualTo(f.getValue()));
        }
        if (c.has("contentType")) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue(c.get("contentType").asText());
        }
        if (c.has("rejected")) {
            assertThat(rejected(response.body())).isEqualTo(c.get("rejected"));
        }
        List<EnforcedEvent> stored = app.sink.events();
        JsonNode expected = c.path("stored");
        assertThat(stored).as("stored rows").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> actual = row(stored.get(i));
            int index = i;
            expected.get(i).fields().forEachRemaining(f -> assertThat(actual.get(f.getKey()))
                    .as("row %d field %s", index, f.getKey())
                    .usingComparator(FormatGoldenTest::compareValues)
                    .isEqualTo(expectedValue(f.getValue())));
        }
    }

    private static HttpRequest.Builder request(JsonNode r) throws IOException {
        String query = r.has("query") ? "?" + r.get("query").asText() : "";
        if (r.has("queryDataJson")) {
            String b64 = Base64.getEncoder().encodeToString(MAPPER.writeValueAsBytes(r.get("queryDataJson")));
            query = "?data=" + URLEncoder.encode(b64, StandardCharsets.UTF_8);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(r.get("path").asText() + query));
        r.path("headers").fields().forEachRemaining(h -> b.header(h.getKey(), h.getValue().asText()));
        if (r.path("method").asText("POST").equals("GET")) {
            return b.GET();
        }
        byte[] body = r.has("json") ? MAPPER.writeValueAsBytes(r.get("json")) : r.path("text").asText().getBytes(StandardCharsets.UTF_8);
        if (r.path("base64Form").asBoolean(false)) {
            String b64 = Base64.getEncoder().encodeToString(body);
            body = ("data=" + URLEncoder.encode(b64, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        if (r.path("gzip").asBoolean(false)) {
            body = gzip(body);
        }
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static JsonNode rejected(String body) throws IOException {
        JsonNode list = MAPPER.readTree(body).path("rejected");
        List<List<Object>> out = new ArrayList<>();
        list.forEach(r -> out.add(List.of(r.get("index").asInt(), r.get("code").asText())));
        return MAPPER.valueToTree(out);
    }

    /** The stored row as field name to value: text for scalars, the JSON tree for properties. */
    private static Map<String, Object> row(EnforcedEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", e.eventId().toString());
        out.put("receivedAt", e.receivedAt().toString());
        out.put("eventTime", e.eventTime().toString());
        out.put("eventType", e.eventType());
        out.put("purpose", e.purpose().wireName());
        out.put("userKey", e.userKey());
        out.put("anonymousKey", e.anonymousKey());
        out.put("ipNetwork", e.ipNetwork());
        out.put("ipKey", e.ipKey());
        out.put("deviceKey", e.deviceKey());
        out.put("deviceModel", e.deviceModel());
        out.put("deviceClass", e.deviceClass());
        out.put("deviceManufacturer", e.deviceManufacturer());
        out.put("deviceOs", e.deviceOs());
        out.put("deviceOsVersion", e.deviceOsVersion());
        out.put("userAgent", e.userAgent());
        out.put("browserFamily", e.browserFamily());
        out.put("osFamily", e.osFamily());
        out.put("properties", e.properties() == null ? null : e.properties().tree());
        out.put("consentVersion", Long.toString(e.consentVersion()));
        out.put("consented", Boolean.toString(e.consented()));
        return out;
    }

    /** JSON trees compare numbers by value (a stored 29 may be an int or a long node); other values by equals. */
    private static int compareValues(Object a, Object b) {
        if (a instanceof JsonNode x && b instanceof JsonNode y) {
            return x.equals(NUMBERS_BY_VALUE, y) ? 0 : 1;
        }
        return java.util.Objects.equals(a, b) ? 0 : 1;
    }

    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    };

    private static Object expectedValue(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            return (ObjectNode) v;
        }
        String text = v.asText();
        if (text.startsWith("pseudonym:")) {
            String[] parts = text.split(":", 3);
            return app.pseudonym(parts[1], parts[2]);
        }
        if (text.startsWith("stable:")) {
            String[] parts = text.split(":", 3);
            return StableIds.of(parts[1], parts[2]).toString();
        }
        return text;
    }

    private static Map<Purpose, Boolean> purposes(JsonNode node) {
        Map<Purpose, Boolean> out = new EnumMap<>(Purpose.class);
        node.fields().forEachRemaining(f -> out.put(Purpose.fromWire(f.getKey()).orElseThrow(), f.getValue().asBoolean()));
        return out;
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }
}
