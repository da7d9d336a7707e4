package dev.sieve.storage.query;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The name of an event property, optionally nested with dots ({@code campaign.source}). Only
 * names made of {@code [A-Za-z0-9_$-]} segments are accepted; the segments reach SQL as a bound
 * {@code text[]} parameter of {@code properties #>> $n}, never as SQL text.
 */
public record PropertyPath(List<String> segments) {
    public static final int MAX_SEGMENTS = 4;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_$-]{1,64}");

    public PropertyPath {
        segments = List.copyOf(segments);
    }

    /** Parses a dotted name; a 400 naming the rule when it does not follow it. */
    public static PropertyPath parse(String name) {
        InvalidQuery.require(name != null && !name.isEmpty() && name.length() <= 200,
                "a property name must have 1 to 200 characters");
        String[] parts = name.split("\\.", -1);
        InvalidQuery.require(parts.length <= MAX_SEGMENTS, "a property name may nest at most "
                + MAX_SEGMENTS + " levels (a.b.c.d)");
        for (String part : parts) {
            InvalidQuery.require(SEGMENT.matcher(part).matches(), "a property name is made of dot-separated"
                    + " segments of 1 to 64 characters from A-Z a-z 0-9 _ $ -");
        }
        return new PropertyPath(List.of(parts));
    }

    /** The bound value for {@code #>>}. */
    String[] asArray() {
        return segments.toArray(String[]::new);
    }

    /** The dotted name, as the analyst wrote it. */
    public String dotted() {
        return String.join(".", segments);
    }

    @Override
    public String toString() {
        return dotted();
    }
}
