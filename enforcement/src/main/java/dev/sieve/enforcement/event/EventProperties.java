package dev.sieve.enforcement.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An event's {@code properties} object, held either as a tree or as the JSON text it arrived in.
 *
 * <p>The text form lets the common path skip building a tree in the decoder and serialising it
 * again for the {@code jsonb} column: when no property rule changes anything, the client's
 * text goes to storage as it came. {@link #ofJsonUtf8} keeps that text as UTF-8 bytes, which
 * storage sends on without a copy ({@link #utf8()}) and which become a string only if someone asks
 * for one. Whoever makes one with {@link #ofJson} or {@link #ofJsonUtf8} promises that the text
 * is one JSON object that parses to exactly the tree the decoder would have built (no duplicate
 * keys, storable strings, numbers that print the same after a round trip); the native decoder
 * checks all of that in its one pass and otherwise builds a tree.
 *
 * <p>Equality is by meaning (the parsed tree), whatever the form. {@link #tree()} parses the
 * text once and caches it; the tree it returns must not be modified. Not meant to be shared
 * between threads while a lazy form is being filled in (each event lives on one event loop);
 * a race would only parse or print twice.
 */
public final class EventProperties {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final boolean text;
    private ObjectNode tree;
    private String json;
    /** The text as UTF-8 bytes, {@code utf8Length} of them from {@code utf8Offset}; null unless made from bytes. */
    private final byte[] utf8;
    private final int utf8Offset;
    private final int utf8Length;

    private EventProperties(ObjectNode tree, String json, byte[] utf8, int utf8Offset, int utf8Length) {
        this.text = tree == null;
        this.tree = tree;
        this.json = json;
        this.utf8 = utf8;
        this.utf8Offset = utf8Offset;
        this.utf8Length = utf8Length;
    }

    private EventProperties(ObjectNode tree, String json) {
        this(tree, json, null, 0, 0);
    }

    /** Properties held as a tree; the caller hands it over and must not modify it afterwards. */
    public static EventProperties of(ObjectNode tree) {
        return new EventProperties(Objects.requireNonNull(tree, "properties"), null);
    }

    /** Properties held as trusted JSON object text (see the class comment). */
    public static EventProperties ofJson(String json) {
        return new EventProperties(null, Objects.requireNonNull(json, "properties"));
    }

    /**
     * Properties held as trusted JSON object text (see the class comment) in UTF-8: {@code length}
     * bytes of {@code source} from {@code offset}, which are not copied and must not change afterwards.
     */
    public static EventProperties ofJsonUtf8(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(source, "properties").length);
        return new EventProperties(null, null, source, offset, length);
    }

    /** An empty object. */
    public static EventProperties empty() {
        return of(MAPPER.createObjectNode());
    }

    /** Whether these were made from JSON text, which {@link #json()} and {@link #utf8()} then return as it was given. */
    public boolean isText() {
        return text;
    }

    /** The tree; parsed from the text on first use. Read only. */
    public ObjectNode tree() {
        ObjectNode t = tree;
        if (t == null) {
            t = parse(json());
            tree = t;
        }
        return t;
    }

    /** JSON text for storage: the text as received, or the tree printed once. */
    public String json() {
        String j = json;
        if (j == null) {
            j = utf8 != null ? new String(utf8, utf8Offset, utf8Length, StandardCharsets.UTF_8) : tree.toString();
            json = j;
        }
        return j;
    }

    /**
     * {@link #json()} in UTF-8: a view of the bytes the text arrived in when it was made with
     * {@link #ofJsonUtf8} (no copy), else the text encoded. Writable, for fast access to its
     * array, but must not be written to.
     */
    public ByteBuffer utf8() {
        return utf8 != null
                ? ByteBuffer.wrap(utf8, utf8Offset, utf8Length).slice()
                : ByteBuffer.wrap(json().getBytes(StandardCharsets.UTF_8));
    }

    public boolean has(String name) {
        return tree().has(name);
    }

    public boolean isEmpty() {
        return tree().isEmpty();
    }

    private static ObjectNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalStateException("properties text is not a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("properties text is not valid JSON", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof EventProperties other && tree().equals(other.tree()));
    }

    @Override
    public int hashCode() {
        return tree().hashCode();
    }

    /** The tree printed: one form for equal properties, whichever form they are held in. */
    @Override
    public String toString() {
        return tree().toString();
    }
}
