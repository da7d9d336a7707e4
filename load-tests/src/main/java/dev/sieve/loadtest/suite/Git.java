package dev.sieve.loadtest.suite;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The commit the run measured, for the report (empty outside a git work tree). */
final class Git {
    private Git() {
    }

    static String commit() {
        return run("git", "rev-parse", "--short", "HEAD");
    }

    static boolean dirty() {
        return !run("git", "status", "--porcelain", "--untracked-files=no").isEmpty();
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (Exception e) {
            return "";
        }
    }
}
