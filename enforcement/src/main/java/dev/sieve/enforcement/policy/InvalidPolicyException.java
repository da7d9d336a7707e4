package dev.sieve.enforcement.policy;

import java.util.List;

/** A rule set that cannot be enforced; {@link #problems()} names each problem as "path: reason". */
public final class InvalidPolicyException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidPolicyException(List<String> problems) {
        super("invalid policy: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
