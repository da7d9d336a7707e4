package dev.sieve.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class OrphanPostmasterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static void writePidFile(Path pgData, long pid) throws Exception {
        Files.writeString(pgData.resolve("postmaster.pid"), pid + "\n" + pgData + "\n1700000000\n5432\n");
    }

    @Test
    void aPidFileNamingAnotherLiveProgramIsRemovedAndThatProgramLeftAlone(@TempDir Path pgData) throws Exception {
        writePidFile(pgData, ProcessHandle.current().pid());

        OrphanPostmaster.stopIfRunning(pgData, TIMEOUT);

        assertThat(pgData.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aPidFileOfADeadProcessIsLeftForPostgresToRecover(@TempDir Path pgData) throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        writePidFile(pgData, finished.pid());

        OrphanPostmaster.stopIfRunning(pgData, TIMEOUT);

        assertThat(pgData.resolve("postmaster.pid")).exists();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thePidFileOfAKilledPostmasterNobodyReapedIsRemoved(@TempDir Path pgData) throws Exception {
        // sh starts a child, then becomes `sleep`, which never reaps it: when the child exits, a zombie.
        // The child outlives the exec: a child that had already exited could be reaped by sh before it.
        Process parent = new ProcessBuilder("sh", "-c", "sh -c 'sleep 0.5; exit 0' & echo $!; exec sleep 30").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII))) {
            long pid = Long.parseLong(out.readLine().trim());
            PostmasterProcess zombie = new PostmasterProcess(pid);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!zombie.isZombie() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(zombie.isZombie()).isTrue();
            writePidFile(pgData, pid);

            OrphanPostmaster.stopIfRunning(pgData, TIMEOUT);

            assertThat(pgData.resolve("postmaster.pid")).doesNotExist();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aDirectoryStillOwnedByALiveServerIsRefused(@TempDir Path pgData) throws Exception {
        writePidFile(pgData, ProcessHandle.current().pid());
        try (FileChannel owner = FileChannel.open(pgData.resolve("epg-lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var lock = owner.lock()) {
            assertThatThrownBy(() -> OrphanPostmaster.stopIfRunning(pgData, TIMEOUT))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
        }
        assertThat(pgData.resolve("postmaster.pid")).exists();
    }
}
