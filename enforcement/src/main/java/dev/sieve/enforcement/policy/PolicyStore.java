package dev.sieve.enforcement.policy;

import java.util.Optional;

/**
 * Gives the policy to enforce now. Reading it never blocks and never does I/O: implementations
 * keep an immutable snapshot and swap it when the rules change.
 */
public interface PolicyStore {

    /** The active policy, or empty when none could be loaded (enforcement then fails closed). */
    Optional<Policy> active();
}
