package dev.sieve.loadtest.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JFR recording in another JVM, started and stopped with {@code jcmd} (JFR.start / JFR.stop),
 * with the {@code profile} settings (Java execution samples every 10 ms, allocation samples).
 */
public final class JfrRecording {
    private final long pid;
    private final String name;
    private final Path file;

    private JfrRecording(long pid, String name, Path file) {
        this.pid = pid;
        this.name = name;
        this.file = file;
    }

    public static JfrRecording start(long pid, String name, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file.toAbsolutePath());
        return new JfrRecording(pid, name, file);
    }

    /** Stops the recording and returns the file it was written to. */
    public Path stop() throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + name);
        return file;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> args = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out.strip());
        }
    }
}
