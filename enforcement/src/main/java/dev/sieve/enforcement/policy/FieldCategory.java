package dev.sieve.enforcement.policy;

import java.util.Locale;

/** The categories of personal data the privacy notice names under "Log and Usage Data". */
public enum FieldCategory {
    IP,
    DEVICE,
    BROWSER,
    USER,
    ACTIVITY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static java.util.Optional<FieldCategory> fromWire(String name) {
        for (FieldCategory c : values()) {
            if (c.wireName().equals(name)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
