package dev.sieve.ingest.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sieve.enforcement.consent.Purpose;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads scalar field values off the token stream with type, length and storability checks. */
final class FieldValues {
    /** Purposes by wire name, built once: {@code Purpose.fromWire} lower-cases every constant per call. */
    static final Map<String, Purpose> PURPOSES = Stream.of(Purpose.values())
            .collect(Collectors.toUnmodifiableMap(Purpose::wireName, purpose -> purpose));

    private FieldValues() {
    }

    /**
     * The string at the current token, or null for JSON {@code null} (clients send
     * {@code "userId": null} for anonymous users, so null means absent).
     *
     * @param maxChars checked before {@code getText()}, so an oversize value is never copied
     */
    static String string(JsonParser p, JsonToken t, String field, int maxChars) throws IOException, EventRejected {
        if (t == JsonToken.VALUE_STRING && p.getTextLength() > maxChars) {
            throw EventRejected.tooLong(field, maxChars);
        }
        String text = syntaxChecked(p, t, field);
        if (text != null && !FieldSyntax.isStorable(text)) {
            throw EventRejected.badText(field);
        }
        return text;
    }

    /**
     * Like {@link #string} without the length and storability checks, for values that a strict
     * syntax check reads next (type, id, timestamp, purpose, ip): it refuses NUL and surrogates.
     */
    static String syntaxChecked(JsonParser p, JsonToken t, String field) throws IOException, EventRejected {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw EventRejected.badType(field, "a string");
        }
        return p.getText();
    }
}
