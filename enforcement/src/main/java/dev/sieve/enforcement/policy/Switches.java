package dev.sieve.enforcement.policy;

import dev.sieve.enforcement.consent.Purpose;
import java.util.EnumSet;
import java.util.Set;

/**
 * Global switches the privacy team flips; they win over every rule. {@code dropCategories}
 * never stores any field of those categories ("never store IP"); {@code dropPurposes} drops
 * every event of those purposes ("drop all marketing events").
 */
public record Switches(Set<FieldCategory> dropCategories, Set<Purpose> dropPurposes) {
    public static final Switches NONE = new Switches(Set.of(), Set.of());

    public Switches {
        dropCategories = dropCategories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dropCategories));
        dropPurposes = dropPurposes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dropPurposes));
    }

    public boolean drops(FieldCategory category) {
        return dropCategories.contains(category);
    }

    public boolean drops(Purpose purpose) {
        return dropPurposes.contains(purpose);
    }
}
