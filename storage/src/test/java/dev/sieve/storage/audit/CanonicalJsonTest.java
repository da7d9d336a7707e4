package dev.sieve.storage.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper DECIMALS =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{ \"b\" : 1, \"a\" : [true, false, null] }   | {\"a\":[true,false,null],\"b\":1}",
            "{\"é\":1,\"z\":2,\"Z\":3,\"aa\":4,\"a\":5}     | {\"Z\":3,\"a\":5,\"aa\":4,\"z\":2,\"é\":1}",
            "{\"\uD83D\uDE00\":1,\"\uFFFD\":2}               | {\"\uFFFD\":2,\"\uD83D\uDE00\":1}",
            "\"tab\\t nl\\n cr\\r bs\\b ff\\f q\\\" sl\\\\ /\\u0001\\u001f\" | \"tab\\t nl\\n cr\\r bs\\b ff\\f q\\\" sl\\\\ /\\u0001\\u001f\"",
            "\"café ✓\"                                    | \"café ✓\"",
            "[100, -3, 1.50, 1e2, 0.0, -0.0, 2.5E-3, 12345678901234567890] | [100,-3,1.5,100,0,0,0.0025,12345678901234567890]",
    })
    void writesTheDocumentedForm(String input, String canonical) throws Exception {
        assertThat(CanonicalJson.write(DECIMALS.readTree(input))).isEqualTo(canonical);
        // Doubles (as in-memory details usually hold them) give the same text as exact decimals.
        assertThat(CanonicalJson.write(MAPPER.readTree(input))).isEqualTo(canonical);
    }

    @Test
    void rejectsWhatIsNotPlainJson() {
        assertThatThrownBy(() -> CanonicalJson.write(JsonNodeFactory.instance.numberNode(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.write(JsonNodeFactory.instance.binaryNode(new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A vector computed outside Java: Python's json.dumps(..., sort_keys=True, separators=(",", ":"),
     * ensure_ascii=False) and hashlib.sha256(bytes(32) + text.encode()). */
    @Test
    void theHashMatchesAnIndependentImplementation() throws Exception {
        JsonNode details = MAPPER.readTree("{\"version\":2,\"diff\":[{\"path\":\"fields.ip.withConsent\","
                + "\"from\":\"truncate\",\"to\":\"drop\"}],\"activated\":true,"
                + "\"note\":\"caf\\u00e9 \\\"q\\\" \\\\ \\n\\u0001\",\"activeBefore\":null}");
        Instant at = Instant.ofEpochSecond(1_764_417_600L, 1_999);

        String canonical = AuditChain.canonicalForm(1, at, "alice", "policy.activate", "policy:2", "rollout", details);
        byte[] hash = AuditChain.hash(AuditChain.genesis(), 1, at, "alice", "policy.activate", "policy:2", "rollout",
                details);

        assertThat(canonical).isEqualTo("[1,1764417600000001,\"alice\",\"policy.activate\",\"policy:2\",\"rollout\","
                + "{\"activated\":true,\"activeBefore\":null,\"diff\":[{\"from\":\"truncate\","
                + "\"path\":\"fields.ip.withConsent\",\"to\":\"drop\"}],\"note\":\"café \\\"q\\\" \\\\ \\n\\u0001\","
                + "\"version\":2}]");
        assertThat(HexFormat.of().formatHex(hash))
                .isEqualTo("35d94fd68b0835a45027e28a62af815e8ee15fa66959f1e7b8867568001a72fa");
    }

    @Test
    void epochMicrosDropsFinerParts() {
        assertThat(AuditChain.epochMicros(Instant.ofEpochSecond(2, 3_999))).isEqualTo(2_000_003L);
        assertThat(AuditChain.epochMicros(Instant.ofEpochSecond(-1, 999_999_000))).isEqualTo(-1L);
    }
}
