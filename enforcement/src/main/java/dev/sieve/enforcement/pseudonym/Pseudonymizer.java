package dev.sieve.enforcement.pseudonym;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes pseudonyms: {@code <keyId>:<base64url of the first 16 bytes of HMAC-SHA256(domain, value)>}.
 * The domain (e.g. {@code user}, {@code device}) keeps a user id and a device id with the same
 * text from getting the same pseudonym. Not thread-safe: one instance per event loop.
 */
public final class Pseudonymizer {
    private static final int OUTPUT_BYTES = 16;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String keyId;
    private final Mac mac;

    public Pseudonymizer(PseudonymKey key) {
        this.keyId = key.id();
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            this.mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public String keyId() {
        return keyId;
    }

    /** The pseudonym of {@code value} in {@code domain}; null for null. */
    public String pseudonymize(String domain, String value) {
        if (value == null) {
            return null;
        }
        mac.update(domain.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        byte[] truncated = java.util.Arrays.copyOf(digest, OUTPUT_BYTES);
        return keyId + ':' + BASE64URL.encodeToString(truncated);
    }
}
