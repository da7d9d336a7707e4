package dev.sieve.ingest.dryrun;

import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.policy.Field;

/** Whether an event carries a value for a field, so a changed rule would change a decision. */
final class FieldPresence {
    private FieldPresence() {
    }

    static boolean present(Event e, Field f) {
        return switch (f) {
            case IP -> e.ip() != null;
            case USER_ID -> e.userId() != null;
            case ANONYMOUS_ID -> e.anonymousId() != null;
            case DEVICE_ID -> e.device().id() != null;
            case DEVICE_MODEL -> e.device().model() != null;
            case DEVICE_MANUFACTURER -> e.device().manufacturer() != null;
            case DEVICE_OS -> e.device().os() != null;
            case DEVICE_OS_VERSION -> e.device().osVersion() != null;
            case USER_AGENT -> e.userAgent() != null;
            case PROPERTIES -> !e.properties().isEmpty();
        };
    }
}
