package dev.sieve.enforcement;

import java.util.Objects;

/** Either the event to store or the reason the whole event was dropped. */
public record EnforcementOutcome(EnforcedEvent event, DropReason dropReason) {

    public EnforcementOutcome {
        if ((event == null) == (dropReason == null)) {
            throw new IllegalArgumentException("exactly one of event and dropReason");
        }
    }

    public static EnforcementOutcome stored(EnforcedEvent event) {
        return new EnforcementOutcome(Objects.requireNonNull(event), null);
    }

    public static EnforcementOutcome dropped(DropReason reason) {
        return new EnforcementOutcome(null, Objects.requireNonNull(reason));
    }

    public boolean isDropped() {
        return dropReason != null;
    }
}
