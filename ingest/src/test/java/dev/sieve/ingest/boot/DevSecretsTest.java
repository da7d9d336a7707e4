package dev.sieve.ingest.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSecretsTest {

    @Test
    void theSecretsFileIsReadableByItsOwnerOnlyAndARestartKeepsTheSecrets(@TempDir Path dataDir) throws Exception {
        DevSecrets first = DevSecrets.loadOrCreate(dataDir.resolve("data"));
        Path file = dataDir.resolve("data/dev-secrets.properties");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dataDir.resolve("data/dev-secrets.properties.tmp")).doesNotExist();
        assertThat(first.writerKey()).startsWith("sk_");
        assertThat(first.pseudonymKey()).hasSize(32);

        DevSecrets again = DevSecrets.loadOrCreate(dataDir.resolve("data"));
        assertThat(again.writerKey()).isEqualTo(first.writerKey());
        assertThat(again.analystKey()).isEqualTo(first.analystKey());
        assertThat(again.pseudonymKey()).isEqualTo(first.pseudonymKey());
    }

    @Test
    void aMissingKeyIsAddedAndTheOthersAreKept(@TempDir Path dataDir) throws Exception {
        Path file = dataDir.resolve("dev-secrets.properties");
        Files.writeString(file, "writer.key=sk_writer_kept\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        DevSecrets secrets = DevSecrets.loadOrCreate(dataDir);

        assertThat(secrets.writerKey()).isEqualTo("sk_writer_kept");
        assertThat(secrets.consentKey()).startsWith("sk_consent_");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
