package dev.sieve.ingest.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development mode only: keys and the pseudonym secret generated on the first start and kept in
 * {@code <data dir>/dev-secrets.properties} (mode 600), so a restart keeps the same keys and the
 * same pseudonyms. Production passes its secrets through settings instead.
 */
public record DevSecrets(String writerKey, String consentKey, String privacyAdminKey, String analystKey,
                         byte[] pseudonymKey) {
    private static final Logger LOG = LoggerFactory.getLogger(DevSecrets.class);
    private static final String FILE = "dev-secrets.properties";

    public static DevSecrets loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Properties p = new Properties();
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
            }
            SecureRandom random = new SecureRandom();
            boolean changed = false;
            for (String name : new String[] {"writer.key", "consent.key", "privacy.admin.key", "analyst.key"}) {
                if (p.getProperty(name) == null) {
                    p.setProperty(name, prefix(name) + token(random, 24));
                    changed = true;
                }
            }
            if (p.getProperty("pseudonym.key") == null) {
                byte[] secret = new byte[32];
                random.nextBytes(secret);
                p.setProperty("pseudonym.key", Base64.getEncoder().encodeToString(secret));
                changed = true;
            }
            if (changed) {
                write(file, p);
            }
            return new DevSecrets(p.getProperty("writer.key"), p.getProperty("consent.key"),
                    p.getProperty("privacy.admin.key"), p.getProperty("analyst.key"),
                    Base64.getDecoder().decode(p.getProperty("pseudonym.key")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static String prefix(String name) {
        return switch (name) {
            case "writer.key" -> "sk_write_";
            case "consent.key" -> "sk_consent_";
            case "privacy.admin.key" -> "sk_privacy_";
            default -> "sk_analyst_";
        };
    }

    private static String token(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Writes the secrets to a new file readable by its owner only, from its creation on, then moves it in place. */
    private static void write(Path file, Properties p) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            LOG.warn("{} holds secrets, but its file system has no POSIX permissions: restrict access to it", file);
            Files.createFile(tmp);
        }
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            p.store(out, "Sieve development secrets: generated, used only without SIEVE_PG_URL");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
