package dev.sieve.storage.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The canonical text of a JSON value, so that equal values always give equal bytes to hash:
 * <ul>
 *   <li>no whitespace anywhere;</li>
 *   <li>object members sorted by key, comparing keys by Unicode code point (the same as comparing
 *       their UTF-8 bytes);</li>
 *   <li>strings escape only {@code "} and {@code \} (as {@code \"} and {@code \\}) and U+0000 to
 *       U+001F ({@code \b \f \n \r \t}, any other as <code>&#92;u00xx</code> in lower-case hex); every other
 *       character is written as is (the bytes hashed are its UTF-8 encoding);</li>
 *   <li>numbers as their exact decimal value in plain notation: no exponent, no trailing fractional
 *       zeros, no decimal point when integral ({@code 100}, {@code -3}, {@code 1.5}); a number that
 *       is not finite is rejected;</li>
 *   <li>{@code true}, {@code false}, {@code null}.</li>
 * </ul>
 * For integers, strings, booleans and nulls this equals Python's
 * {@code json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)}.
 * The value survives a round trip through PostgreSQL {@code jsonb} unchanged in this form.
 */
public final class CanonicalJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /**
     * The canonical text of {@code value}.
     *
     * @throws IllegalArgumentException for a node that is not plain JSON (binary, POJO, missing) or
     *                                  a number that is not finite
     */
    public static String write(JsonNode value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    static void write(JsonNode value, StringBuilder out) {
        switch (value.getNodeType()) {
            case OBJECT -> writeObject(value, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < value.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(value.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(value.textValue(), out);
            case NUMBER -> out.append(number(value));
            case BOOLEAN -> out.append(value.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not plain JSON: " + value.getNodeType());
        }
    }

    /** Writes {@code text} as a canonical JSON string literal. */
    static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void writeObject(JsonNode object, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(object.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            members.add(it.next());
        }
        members.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(members.get(i).getKey(), out);
            out.append(':');
            write(members.get(i).getValue(), out);
        }
        out.append('}');
    }

    private static String number(JsonNode number) {
        if (number.isIntegralNumber()) {
            return number.bigIntegerValue().toString();
        }
        if (number.isDouble() || number.isFloat()) {
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("not a finite number");
            }
            return plain(BigDecimal.valueOf(d));
        }
        return plain(number.decimalValue());
    }

    private static String plain(BigDecimal decimal) {
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }

    /** Orders strings by Unicode code point, i.e. as their UTF-8 bytes would sort. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
