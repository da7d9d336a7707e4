package dev.sieve.enforcement.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.Purpose;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {
    private static final UUID ID = UUID.fromString("0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c11");
    private static final Instant T = Instant.parse("2026-11-29T12:00:00Z");
    private static final String USER = "user-5a1f0c9e-personal";
    private static final String ANON = "anon-77d2b8e4-personal";
    private static final String IP = "203.0.113.77";
    private static final String DEVICE = "device-c0ffee42-personal";
    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

    private static Event event(String userId, String anonymousId) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode().put("search", "my-secret-search");
        return new Event(ID, "page_view", userId, anonymousId, T, T, Purpose.ANALYTICS, IP, UA,
                new Device(DEVICE, "Pixel 8", "Google", "Android", "15"), properties,
                Map.of(Purpose.ANALYTICS, true));
    }

    @ParameterizedTest(name = "userId={0}, anonymousId={1} -> subject {2}")
    @CsvSource(value = {
            USER + ", " + ANON + ", " + USER,
            USER + ",         , " + USER,
            "    , " + ANON + ", " + ANON,
    })
    void needsAUserOrAnAnonymousIdAndPrefersTheUserId(String userId, String anonymousId, String subject) {
        assertThat(event(userId, anonymousId).subjectId()).isEqualTo(subject);
    }

    @Test
    void rejectsAnEventWithNeitherId() {
        assertThatThrownBy(() -> event(null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId or anonymousId");
    }

    @ParameterizedTest(name = "{0} is required")
    @ValueSource(strings = {
            "id", "type", "timestamp", "receivedAt", "purpose", "device", "properties", "consentOnEvent"})
    void rejectsMissingRequiredFields(String field) {
        ObjectNode props = JsonNodeFactory.instance.objectNode();
        assertThatThrownBy(() -> new Event(
                field.equals("id") ? null : ID,
                field.equals("type") ? null : "page_view",
                USER, null,
                field.equals("timestamp") ? null : T,
                field.equals("receivedAt") ? null : T,
                field.equals("purpose") ? null : Purpose.ANALYTICS,
                null, null,
                field.equals("device") ? null : Device.NONE,
                field.equals("properties") ? null : props,
                field.equals("consentOnEvent") ? null : Map.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringContainsNoPersonalData() {
        String text = event(USER, ANON).toString();

        assertThat(text).contains(ID.toString(), "page_view", "analytics");
        for (String personal : List.of(USER, ANON, IP, DEVICE, UA, "my-secret-search", "Pixel 8")) {
            assertThat(text).doesNotContain(personal);
        }
    }

    @Test
    void deviceToStringHasNoDeviceId() {
        assertThat(new Device(DEVICE, "Pixel 8", "Google", "Android", "15").toString()).doesNotContain(DEVICE);
    }

    @Test
    void consentOnEventIsAnImmutableCopy() {
        Map<Purpose, Boolean> flags = new HashMap<>(Map.of(Purpose.ANALYTICS, false));
        Event event = new Event(ID, "page_view", USER, null, T, T, Purpose.ANALYTICS, null, null, Device.NONE,
                JsonNodeFactory.instance.objectNode(), flags);

        flags.put(Purpose.ANALYTICS, true);

        assertThat(event.consentOnEvent()).containsExactly(Map.entry(Purpose.ANALYTICS, false));
        assertThatThrownBy(() -> event.consentOnEvent().put(Purpose.MARKETING, true))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
