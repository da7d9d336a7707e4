package dev.sieve.enforcement.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class UserConsentTest {
    private static final String SUBJECT = "subject-3f9a1c77-very-personal@example.com";

    @ParameterizedTest(name = "{0} -> granted={1}")
    @CsvSource({"GRANTED, true", "DENIED, false", "UNKNOWN, false"})
    void onlyAnExplicitGrantCounts(ConsentState state, boolean granted) {
        UserConsent consent = new UserConsent(SUBJECT, Map.of(Purpose.ANALYTICS, state), 5);

        assertThat(consent.state(Purpose.ANALYTICS)).isEqualTo(state);
        assertThat(consent.granted(Purpose.ANALYTICS)).isEqualTo(granted);
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    void unknownSubjectHasNothingGrantedAtVersionZero(Purpose purpose) {
        UserConsent consent = UserConsent.unknown(SUBJECT);

        assertThat(consent.version()).isZero();
        assertThat(consent.subjectId()).isEqualTo(SUBJECT);
        assertThat(consent.state(purpose)).isEqualTo(ConsentState.UNKNOWN);
        assertThat(consent.granted(purpose)).isFalse();
    }

    @Test
    void purposesNotRecordedAreUnknown() {
        UserConsent consent = new UserConsent(SUBJECT, Map.of(Purpose.MARKETING, ConsentState.GRANTED), 7);

        assertThat(consent.state(Purpose.ANALYTICS)).isEqualTo(ConsentState.UNKNOWN);
        assertThat(consent.granted(Purpose.ANALYTICS)).isFalse();
        assertThat(consent.granted(Purpose.MARKETING)).isTrue();
    }

    @Test
    void toStringHasNoSubjectId() {
        UserConsent consent = new UserConsent(SUBJECT, Map.of(Purpose.ANALYTICS, ConsentState.GRANTED), 7);

        assertThat(consent.toString()).doesNotContain(SUBJECT).doesNotContain("subject-3f9a").contains("version=7");
        assertThat(UserConsent.unknown(SUBJECT).toString()).doesNotContain(SUBJECT);
    }

    @Test
    void isImmutable() {
        Map<Purpose, ConsentState> states = new EnumMap<>(Purpose.class);
        states.put(Purpose.ANALYTICS, ConsentState.GRANTED);
        UserConsent consent = new UserConsent(SUBJECT, states, 1);

        states.put(Purpose.ANALYTICS, ConsentState.DENIED);

        assertThat(consent.granted(Purpose.ANALYTICS)).isTrue();
        assertThatThrownBy(() -> consent.states().put(Purpose.MARKETING, ConsentState.GRANTED))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalityCoversSubjectStatesAndVersion() {
        UserConsent a = new UserConsent(SUBJECT, Map.of(Purpose.ANALYTICS, ConsentState.GRANTED), 1);

        assertThat(a).isEqualTo(new UserConsent(SUBJECT, Map.of(Purpose.ANALYTICS, ConsentState.GRANTED), 1))
                .hasSameHashCodeAs(new UserConsent(SUBJECT, Map.of(Purpose.ANALYTICS, ConsentState.GRANTED), 1))
                .isNotEqualTo(new UserConsent(SUBJECT, Map.of(Purpose.ANALYTICS, ConsentState.GRANTED), 2))
                .isNotEqualTo(new UserConsent(SUBJECT, Map.of(Purpose.ANALYTICS, ConsentState.DENIED), 1))
                .isNotEqualTo(new UserConsent("other", Map.of(Purpose.ANALYTICS, ConsentState.GRANTED), 1));
    }

    @Test
    void requiresASubject() {
        assertThatThrownBy(() -> new UserConsent(null, Map.of(), 0)).isInstanceOf(NullPointerException.class);
    }
}
