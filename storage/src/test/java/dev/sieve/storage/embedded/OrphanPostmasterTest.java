package dev.sieve.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
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
