package dev.sieve.loadtest.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RunQueueTimeTest {
    private static volatile long sink;

    @Test
    void readsTheRunQueueWaitAndTheSlicesOfASchedstatLine() {
        RunQueueTime t = RunQueueTime.parse("8812345678 1234567 4321\n");

        assertThat(t.waitNanos()).isEqualTo(1_234_567L);
        assertThat(t.slices()).isEqualTo(4_321L);
        assertThatThrownBy(() -> RunQueueTime.parse("8812345678")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void averagesTheWaitOverThePhaseAndOverTheSlices() {
        RunQueueTime before = new RunQueueTime(1_000_000_000L, 10_000);
        RunQueueTime after = new RunQueueTime(3_000_000_000L, 30_000);

        RunQueueWait wait = after.since(before, 4.0);

        assertThat(wait.threads()).isEqualTo(0.5); // 2 s of waiting in 4 s
        assertThat(wait.microsPerSlice()).isEqualTo(100.0); // 2 s over 20,000 slices
        assertThat(wait.slices()).isEqualTo(20_000);
        assertThat(before.since(after, 4.0)).as("threads that ended: no negative wait")
                .isEqualTo(new RunQueueWait(0, 0, 0));
    }

    @Test
    void threadsThatOutnumberTheCoresWaitForOne() throws Exception {
        long pid = ProcessHandle.current().pid();
        assumeThat(Files.exists(Path.of("/proc", Long.toString(pid), "task"))).as("Linux /proc").isTrue();
        RunQueueTime before = RunQueueTime.ofProcess(pid);
        assumeThat(before.slices()).as("this kernel keeps schedstat").isPositive();

        AtomicBoolean spin = new AtomicBoolean(true);
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i <= Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (spin.get()) {
                    x++;
                }
                sink = x;
            });
            spinners.add(t);
            t.start();
        }
        Thread.sleep(500);
        spin.set(false);
        for (Thread t : spinners) {
            t.join();
        }
        RunQueueTime after = RunQueueTime.ofProcess(pid);

        // One spinning thread more than there are cores: together they waited at least 50 ms.
        assertThat(after.waitNanos() - before.waitNanos()).isGreaterThan(50_000_000L);
        assertThat(after.slices()).isGreaterThan(before.slices());
    }

    @Test
    void aProcessThatIsGoneWaitedNothing() {
        assertThat(RunQueueTime.ofProcess(-1)).isEqualTo(RunQueueTime.NONE);
        assertThat(RunQueueTime.ofProcesses(Long.MAX_VALUE, List.of(Long.MAX_VALUE - 1))).isEqualTo(RunQueueTime.NONE);
    }
}
