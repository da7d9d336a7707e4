package dev.sieve.enforcement.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PseudonymizerTest {
    private static final byte[] SECRET = "sieve-golden-k1-secret-32-bytes!".getBytes(StandardCharsets.US_ASCII);
    private static final PseudonymKey K1 = new PseudonymKey("k1", SECRET);

    /** Known answers, computed outside Java (Python hmac) from the documented construction. */
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
            "user,      u-123,        k1:Jud1FXl6WLcWjUVBQ7sUqw",
            "anonymous, a-9f2c,       k1:UAuWll7LhIp-k9IZa1feig",
            "device,    d-77,         k1:qDrAGm_uqusnwkfHEUg29Q",
            "ip,        203.0.113.7,  k1:fQX_8PxYNzjNNIzxMTpJ6g",
    })
    void matchesKnownAnswers(String domain, String value, String expected) {
        assertThat(new Pseudonymizer(K1).pseudonymize(domain, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"u-123", "", "ü-ñ-日本", "a much longer identifier with spaces and : colons"})
    void isHmacSha256OfDomainZeroValueTruncatedTo16Bytes(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        mac.update("user\0".getBytes(StandardCharsets.UTF_8));
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        String expected = "k1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));

        assertThat(new Pseudonymizer(K1).pseudonymize("user", value))
                .isEqualTo(expected)
                .matches("k1:[A-Za-z0-9_-]{22}");
    }

    @Test
    void isDeterministicAcrossCallsAndInstances() {
        Pseudonymizer one = new Pseudonymizer(K1);
        Pseudonymizer other = new Pseudonymizer(new PseudonymKey("k1", SECRET.clone()));

        String first = one.pseudonymize("user", "u-123");
        one.pseudonymize("device", "something else in between");

        assertThat(one.pseudonymize("user", "u-123")).isEqualTo(first);
        assertThat(other.pseudonymize("user", "u-123")).isEqualTo(first);
    }

    @Test
    void separatesDomains() {
        Pseudonymizer p = new Pseudonymizer(K1);

        assertThat(p.pseudonymize("user", "same-text")).isNotEqualTo(p.pseudonymize("device", "same-text"));
        assertThat(p.pseudonymize("user", "same-text")).isNotEqualTo(p.pseudonymize("anonymous", "same-text"));
        // the separator keeps (domain "ab", value "c") apart from (domain "a", value "bc")
        assertThat(p.pseudonymize("ab", "c")).isNotEqualTo(p.pseudonymize("a", "bc"));
    }

    @Test
    void differentSecretsGiveDifferentPseudonyms() {
        byte[] otherSecret = SECRET.clone();
        otherSecret[0] ^= 1;

        String a = new Pseudonymizer(K1).pseudonymize("user", "u-123");
        String b = new Pseudonymizer(new PseudonymKey("k1", otherSecret)).pseudonymize("user", "u-123");

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void carriesTheKeyId() {
        Pseudonymizer p = new Pseudonymizer(new PseudonymKey("2026-q4_rotated", SECRET));

        assertThat(p.keyId()).isEqualTo("2026-q4_rotated");
        assertThat(p.pseudonymize("user", "u-123")).matches("2026-q4_rotated:[A-Za-z0-9_-]{22}");
    }

    @Test
    void nullStaysNull() {
        assertThat(new Pseudonymizer(K1).pseudonymize("user", null)).isNull();
    }

    @Test
    void keyCopiesItsSecret() {
        byte[] secret = SECRET.clone();
        PseudonymKey key = new PseudonymKey("k1", secret);
        String before = new Pseudonymizer(key).pseudonymize("user", "u-123");

        Arrays.fill(secret, (byte) 0);

        assertThat(new Pseudonymizer(key).pseudonymize("user", "u-123")).isEqualTo(before);
    }

    @Test
    void rejectsSecretsShorterThan32Bytes() {
        assertThatThrownBy(() -> new PseudonymKey("k1", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThat(new PseudonymKey("k1", new byte[32]).id()).isEqualTo("k1");
    }

    @ParameterizedTest(name = "key id \"{0}\"")
    @ValueSource(strings = {"", "k 1", "k:1", "k1/2", "ä", "x234567890123456789012345678901234"})
    void rejectsKeyIdsThatWouldBreakThePseudonymFormat(String id) {
        assertThatThrownBy(() -> new PseudonymKey(id, SECRET)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyToStringHidesTheSecret() {
        assertThat(K1.toString()).isEqualTo("PseudonymKey[id=k1]");
    }
}
