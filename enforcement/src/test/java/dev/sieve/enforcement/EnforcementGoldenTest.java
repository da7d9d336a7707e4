package dev.sieve.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.event.EventProperties;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The enforcement rules as a table: each line of {@code golden/enforcement.jsonl} is an (event,
 * consent, policy) and the row that must be stored. The expected rows are written and reviewed by
 * hand; only the pseudonyms were computed, under {@link #KEY}, and cross-checked against an
 * independent HMAC-SHA256. Never regenerate this file from the code under test.
 */
class EnforcementGoldenTest {
    static final String FILE = "/golden/enforcement.jsonl";
    /** Key id "k1" with a fixed 32-byte secret: the pseudonyms in the file depend on both. */
    static final PseudonymKey KEY =
            new PseudonymKey("k1", "sieve-golden-k1-secret-32-bytes!".getBytes(StandardCharsets.US_ASCII));
    private static final Pattern PSEUDONYM = Pattern.compile("k1:[A-Za-z0-9_-]{22}");
    private static final List<String> PSEUDONYM_FIELDS = List.of("userKey", "anonymousKey", "ipKey", "deviceKey");

    // One parser for the whole class: building uap-java's parser takes most of a second.
    private static final Enforcer ENFORCER = new Enforcer(new Pseudonymizer(KEY), new UserAgentGeneralizer());

    static List<Named<String>> lines() throws IOException {
        List<Named<String>> lines = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(EnforcementGoldenTest.class.getResourceAsStream(FILE), FILE);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank()) {
                    lines.add(Named.of(number + ": " + nameOf(line), line));
                }
            }
        }
        return lines;
    }

    private static String nameOf(String line) {
        try {
            return GoldenCase.MAPPER.readTree(line).path("name").asText("(no name)");
        } catch (IOException e) {
            return "(not JSON)";
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void storesExactlyTheExpectedRow(String line) throws Exception {
        GoldenCase c = GoldenCase.parse(line);

        EnforcementOutcome outcome = ENFORCER.apply(c.event(), c.consent(), c.policy());

        JsonNode dropped = c.expected().get("dropped");
        if (dropped != null) {
            assertThat(c.expected().size()).as("'dropped' stands alone in expected").isEqualTo(1);
            assertThat(outcome.isDropped())
                    .as("event should be dropped (%s) but was stored as %s", dropped.asText(), outcome.event())
                    .isTrue();
            assertThat(outcome.dropReason().wireName()).isEqualTo(dropped.asText());
            return;
        }
        assertThat(outcome.isDropped())
                .as("event should be stored but was dropped: %s", outcome.dropReason()).isFalse();
        List<String> diff = EnforcedEventDiff.diff(c.expected(), outcome.event());
        assertThat(diff)
                .withFailMessage("%s: %d component(s) differ from the golden row:%n  %s",
                        c.name(), diff.size(), String.join(System.lineSeparator() + "  ", diff))
                .isEmpty();
    }

    /**
     * The same table with the properties held as the JSON text a client sent (the native
     * decoder's fast path): the stored row must be the same, and the text must pass through
     * untouched exactly when no property rule changed it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void storesTheSameRowWhenThePropertiesAreJsonText(String line) throws Exception {
        GoldenCase c = GoldenCase.parse(line);
        String text = GoldenCase.MAPPER.writeValueAsString(c.event().properties().tree());
        Event event = withProperties(c.event(), EventProperties.ofJson(text));

        EnforcementOutcome asTree = ENFORCER.apply(c.event(), c.consent(), c.policy());
        EnforcementOutcome asText = ENFORCER.apply(event, c.consent(), c.policy());

        assertThat(asText.isDropped()).isEqualTo(asTree.isDropped());
        if (asText.isDropped()) {
            assertThat(asText.dropReason()).isEqualTo(asTree.dropReason());
            return;
        }
        assertThat(asText.event()).isEqualTo(asTree.event());
        assertThat(EnforcedEventDiff.diff(c.expected(), asText.event())).isEmpty();
        EventProperties stored = asText.event().properties();
        if (stored != null && stored.equals(event.properties())) {
            assertThat(stored.isText()).as("unchanged properties stay text").isTrue();
            assertThat(stored.json()).isSameAs(text);
        } else if (stored != null) {
            assertThat(GoldenCase.MAPPER.readTree(stored.json())).isEqualTo(asTree.event().properties().tree());
        }
    }

    private static Event withProperties(Event e, EventProperties properties) {
        return new Event(e.id(), e.type(), e.userId(), e.anonymousId(), e.timestamp(), e.receivedAt(), e.purpose(),
                e.ip(), e.userAgent(), e.device(), properties, e.consentOnEvent());
    }

    @Test
    void caseNamesAreUniqueAndTheFileIsNotEmpty() throws IOException {
        List<String> names = lines().stream().map(n -> nameOf(n.getPayload())).toList();
        assertThat(names).hasSizeGreaterThan(40).doesNotHaveDuplicates();
    }

    @Test
    void everyExpectedPseudonymIsKeyIdPlus22Base64urlChars() throws Exception {
        List<String> bad = new ArrayList<>();
        for (Named<String> line : lines()) {
            JsonNode expected = GoldenCase.MAPPER.readTree(line.getPayload()).path("expected");
            for (String field : PSEUDONYM_FIELDS) {
                JsonNode value = expected.get(field);
                if (value != null && !value.isNull() && !PSEUDONYM.matcher(value.asText()).matches()) {
                    bad.add(line.getName() + " " + field + "=" + value);
                }
            }
        }
        assertThat(bad).isEmpty();
    }
}
