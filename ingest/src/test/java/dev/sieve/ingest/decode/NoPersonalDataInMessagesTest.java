package dev.sieve.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.error.SieveException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds events whose every value carries the marker {@code c4n4ry} (user ids, IPs, device ids,
 * user agents, property keys and values) into every failure path, and checks that no rejection
 * or request error repeats any of it. Keys outside the allow-list may be echoed by design, so
 * they are plain names here; property keys are never echoed, so they carry the marker too.
 */
class NoPersonalDataInMessagesTest {
    private static final String MARK = "c4n4ry";
    private static final String PERSONAL = "\"id\":\"0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c11\","
            + "\"anonymousId\":\"anon-c4n4ry-77\",\"ip\":\"203.0.113.77\",\"userAgent\":\"Mozilla c4n4ry\","
            + "\"device\":{\"id\":\"dev-c4n4ry-1\",\"model\":\"c4n4ry phone\"},"
            + "\"properties\":{\"email-c4n4ry\":\"alice.c4n4ry@example.com\",\"n\":[\"c4n4ry\"]}";

    /** name, content type, body, expected rejection wire name (or the ErrorCode name of a request error). */
    static Stream<Arguments> failures() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(event("unknown_field", "\"extra\":\"c4n4ry-extra\""));
        cases.add(event("unknown_field", "\"device\":{\"imei\":\"c4n4ry-imei\"}", "device"));
        cases.add(event("duplicate_field", "\"userId\":\"user-c4n4ry-2\"", "userId"));
        cases.add(event("bad_type", "\"userId\":[\"user-c4n4ry\"]", "userId"));
        cases.add(event("bad_type", "\"consent\":{\"analytics\":\"c4n4ry\"}"));
        cases.add(raw("missing_type", "{\"userId\":\"user-c4n4ry\"," + PERSONAL + "}"));
        cases.add(raw("missing_user", "{\"type\":\"a\",\"device\":{\"id\":\"dev-c4n4ry\"},\"ip\":\"203.0.113.77\"}"));
        cases.add(event("bad_event_name", "\"type\":\"c4n4ry page!\"", "type"));
        cases.add(event("bad_id", "\"id\":\"c4n4ry-0000\"", "id"));
        cases.add(event("bad_timestamp", "\"timestamp\":\"c4n4ry\""));
        cases.add(event("future_timestamp", "\"timestamp\":\"2099-01-01T00:00:00Z\""));
        cases.add(event("bad_purpose", "\"purpose\":\"c4n4ry\""));
        cases.add(event("bad_ip", "\"ip\":\"c4n4ry.example\"", "ip"));
        cases.add(event("bad_ip", "\"ip\":\"203.0.113.777\"", "ip"));
        cases.add(event("empty_value", "\"userId\":\"\"", "userId"));
        cases.add(event("too_long", "\"userId\":\"c4n4ry" + "x".repeat(300) + "\"", "userId"));
        cases.add(event("bad_text", "\"userId\":\"c4n4ry\\u0000\"", "userId"));
        cases.add(event("bad_number", "\"properties\":{\"c4n4ry\":1e999}", "properties"));
        cases.add(event("too_deep", "\"properties\":{\"c4n4ry\":[[[[[[[[\"c4n4ry\"]]]]]]]]}", "properties"));
        cases.add(raw("not_an_object", "[\"user-c4n4ry\", {\"type\":\"a\",\"userId\":\"u\"}]"));
        cases.add(Arguments.of("malformed NDJSON line", "application/x-ndjson",
                "{\"type\":\"a\",\"userId\":\"user-c4n4ry\" c4n4ry}\n{\"type\":\"a\",\"userId\":\"u\"}", "malformed_json"));
        cases.add(raw("MALFORMED_JSON", "[{\"type\":\"a\",\"userId\":\"user-c4n4ry\"},{\"userId\":c4n4ry}]"));
        cases.add(raw("MALFORMED_JSON", "c4n4ry"));
        cases.add(raw("MALFORMED_JSON", "\"c4n4ry\""));
        cases.add(raw("PAYLOAD_TOO_LARGE", "[{\"type\":\"a\",\"userId\":\"user-c4n4ry\",\"properties\":{\"k\":\""
                + "c4n4ry".repeat(6_000) + "\"}}]"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{3} ({0})")
    @MethodSource("failures")
    void messages_never_repeat_values(String name, String contentType, String body, String expected) {
        List<String> messages = new ArrayList<>();
        try {
            DecodedBatch batch = DecodeFixtures.decoder().decode(body.getBytes(StandardCharsets.UTF_8), contentType,
                    null, "203.0.113.88", DecodeFixtures.RECEIVED_AT);
            assertThat(batch.rejections()).extracting(r -> r.code().wireName()).contains(expected);
            batch.rejections().forEach(r -> messages.add(r.message()));
        } catch (SieveException e) {
            assertThat(e.code().name()).isEqualTo(expected);
            messages.add(e.getMessage());
        }
        assertThat(messages).isNotEmpty().allSatisfy(m -> assertThat(m.toLowerCase(Locale.ROOT))
                .doesNotContain(MARK)
                .doesNotContain("203.0.113")
                .doesNotContain("example.com")
                .doesNotContain("0b6c3f0e"));
    }

    @Test
    void echoed_key_names_are_truncated_and_stripped_of_control_characters() {
        String key = "\\u001b[31mred\\n" + "k".repeat(100);
        DecodedBatch batch = DecodeFixtures.decoder().decode(
                ("{\"type\":\"a\",\"userId\":\"u\",\"" + key + "\":1}").getBytes(StandardCharsets.UTF_8),
                "application/json", null, null, DecodeFixtures.RECEIVED_AT);
        String message = batch.rejections().get(0).message();
        assertThat(message).startsWith("unknown field '[31mredkkk").doesNotContain("\u001b").doesNotContain("\n");
        assertThat(message).isEqualTo("unknown field '[31mred" + "k".repeat(57) + "'");
    }

    @Test
    void every_rejection_code_has_a_case() {
        Set<String> covered = failures().map(a -> (String) a.get()[3]).collect(Collectors.toSet());
        assertThat(covered).containsAll(Stream.of(RejectionCode.values()).map(RejectionCode::wireName).toList());
    }

    /** An event with every personal field set plus {@code extra}, replacing the fields named in {@code replaced}. */
    private static Arguments event(String code, String extra, String... replaced) {
        String base = "\"type\":\"a\"," + PERSONAL;
        for (String field : replaced) {
            base = base.replaceAll("\"" + field + "\":(\\{[^}]*\\}|\"[^\"]*\"),?", "");
        }
        String userId = List.of(replaced).contains("userId") ? "" : "\"userId\":\"user-c4n4ry-1\",";
        if (code.equals("duplicate_field")) {
            userId = "\"userId\":\"user-c4n4ry-1\",";
        }
        String body = "{" + userId + base.replaceAll(",$", "") + "," + extra + "}";
        return Arguments.of(extra, "application/json", "[" + body + "]", code);
    }

    private static Arguments raw(String expected, String body) {
        return Arguments.of(body.length() > 60 ? body.substring(0, 60) : body, "application/json", body, expected);
    }
}
