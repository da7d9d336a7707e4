package dev.sieve.storage.kafka.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Brokers whose test JVM died without its shutdown hook (SIGKILL, a killed Maven) would live on
 * and hold memory. Each started broker leaves a note {@code <broker pid>} holding its owner's pid;
 * the next start kills those whose owner is gone.
 */
final class OrphanBrokers {
    private static final Path NOTES = Path.of(System.getProperty("java.io.tmpdir"), "sieve-test-kafka-owners");

    private OrphanBrokers() {
    }

    static void remember(Process broker) {
        try {
            Files.createDirectories(NOTES);
            Files.writeString(NOTES.resolve(Long.toString(broker.pid())), Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // only a safety net
        }
    }

    static void forget(Process broker) {
        if (broker != null) {
            try {
                Files.deleteIfExists(NOTES.resolve(Long.toString(broker.pid())));
            } catch (IOException e) {
                // only a safety net
            }
        }
    }

    static void reap() {
        if (!Files.isDirectory(NOTES)) {
            return;
        }
        List<Path> notes;
        try (Stream<Path> files = Files.list(NOTES)) {
            notes = files.toList();
        } catch (IOException e) {
            return;
        }
        for (Path note : notes) {
            try {
                long brokerPid = Long.parseLong(note.getFileName().toString());
                long ownerPid = Long.parseLong(Files.readString(note, StandardCharsets.US_ASCII).trim());
                if (ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
                if (broker.isPresent() && broker.get().info().commandLine().orElse("").contains("kafka.Kafka")) {
                    broker.get().destroyForcibly();
                }
                Files.deleteIfExists(note);
            } catch (IOException | NumberFormatException e) {
                // a note we cannot read: leave it
            }
        }
    }
}
