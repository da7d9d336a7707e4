package dev.sieve.enforcement.policy;

import static dev.sieve.enforcement.policy.Action.DROP;
import static dev.sieve.enforcement.policy.Action.GENERALIZE;
import static dev.sieve.enforcement.policy.Action.KEEP;
import static dev.sieve.enforcement.policy.Action.PSEUDONYMIZE;
import static dev.sieve.enforcement.policy.Action.TRUNCATE;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Every event field a policy rules on, with its category and the actions that make sense for
 * it. Raw identifiers (IP, user id, anonymous id, device id) cannot be kept: that is the
 * product's promise, so no policy can switch it off.
 */
public enum Field {
    IP("ip", FieldCategory.IP, EnumSet.of(DROP, TRUNCATE, PSEUDONYMIZE)),
    USER_ID("userId", FieldCategory.USER, EnumSet.of(DROP, PSEUDONYMIZE)),
    ANONYMOUS_ID("anonymousId", FieldCategory.USER, EnumSet.of(DROP, PSEUDONYMIZE)),
    DEVICE_ID("device.id", FieldCategory.DEVICE, EnumSet.of(DROP, PSEUDONYMIZE)),
    DEVICE_MODEL("device.model", FieldCategory.DEVICE, EnumSet.of(KEEP, DROP, GENERALIZE)),
    DEVICE_MANUFACTURER("device.manufacturer", FieldCategory.DEVICE, EnumSet.of(KEEP, DROP)),
    DEVICE_OS("device.os", FieldCategory.DEVICE, EnumSet.of(KEEP, DROP)),
    DEVICE_OS_VERSION("device.osVersion", FieldCategory.DEVICE, EnumSet.of(KEEP, DROP, GENERALIZE)),
    USER_AGENT("userAgent", FieldCategory.BROWSER, EnumSet.of(KEEP, DROP, GENERALIZE)),
    PROPERTIES("properties", FieldCategory.ACTIVITY, EnumSet.of(KEEP, DROP));

    private final String path;
    private final FieldCategory category;
    private final Set<Action> allowed;

    Field(String path, FieldCategory category, Set<Action> allowed) {
        this.path = path;
        this.category = category;
        this.allowed = allowed;
    }

    /** The field's path in the native wire format, e.g. {@code device.id}. */
    public String path() {
        return path;
    }

    public FieldCategory category() {
        return category;
    }

    public boolean allows(Action action) {
        return allowed.contains(action);
    }

    public Set<Action> allowedActions() {
        return EnumSet.copyOf(allowed);
    }

    public static Optional<Field> fromPath(String path) {
        for (Field f : values()) {
            if (f.path.equals(path)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
