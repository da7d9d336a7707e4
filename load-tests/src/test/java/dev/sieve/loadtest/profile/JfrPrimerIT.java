package dev.sieve.loadtest.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The primer's recording runs in another JVM while started, and leaves neither a recording nor a file. */
class JfrPrimerIT {
    private Process jvm;

    /** A JVM that only waits, for jcmd to talk to. */
    public static final class Idle {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        }
    }

    @BeforeEach
    void startJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Idle.class.getName())
                .redirectErrorStream(true).start();
    }

    @AfterEach
    void stopJvm() throws Exception {
        jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void recordsWhileStartedAndLeavesNothingWhenStopped() throws Exception {
        JfrPrimer primer = startWhenAttachable();

        assertThat(recordings()).contains("jfr-primer");

        primer.stop();

        assertThat(recordings()).doesNotContain("jfr-primer");
        assertThat(primer.file()).doesNotExist();
    }

    /** jcmd can attach only once the JVM has initialised its attach listener. */
    private JfrPrimer startWhenAttachable() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return JfrPrimer.start(jvm.pid());
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private String recordings() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(jvm.pid()), "JFR.check"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
