package dev.sieve.storage.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.enforcement.consent.Purpose;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RetentionRuleTest {

    private static JsonNode json(String text) {
        try {
            return RightsTestbed.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aValidRuleReadsBackAsWritten() {
        List<String> problems = new ArrayList<>();
        RetentionRule rule = RetentionRule.fromJson(json(
                "{\"name\":\"crash-reports\",\"purpose\":\"diagnostics\",\"eventType\":\"crash\",\"maxAgeDays\":90}"),
                "rules[0]", problems);

        assertThat(problems).isEmpty();
        assertThat(rule).isEqualTo(new RetentionRule("crash-reports", Purpose.DIAGNOSTICS, "crash", 90, null));
        assertThat(rule.scope()).isEqualTo("diagnostics|crash");
        assertThat(RetentionRule.fromJson(rule.toJson(), "again", problems)).isEqualTo(rule);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"name\":\"Bad Name\",\"maxAgeDays\":1}|rules[0].name",
        "{\"name\":\"a\",\"purpose\":\"ads\",\"maxAgeDays\":1}|rules[0].purpose",
        "{\"name\":\"a\",\"maxAgeDays\":0}|rules[0].maxAgeDays",
        "{\"name\":\"a\",\"maxAgeDays\":1.5}|rules[0].maxAgeDays",
        "{\"name\":\"a\",\"afterAccountClosedDays\":-1}|rules[0].afterAccountClosedDays",
        "{\"name\":\"a\"}|set maxAgeDays",
        "{\"name\":\"a\",\"maxAgeDays\":1,\"color\":\"red\"}|unknown field",
        "{\"name\":\"a\",\"eventType\":\"a b\",\"maxAgeDays\":1}|rules[0].eventType"})
    void anInvalidRuleIsRefusedWithItsPath(String document, String expected) {
        List<String> problems = new ArrayList<>();

        assertThat(RetentionRule.fromJson(json(document), "rules[0]", problems)).isNull();
        assertThat(problems).anyMatch(p -> p.contains(expected));
    }

    @Test
    void twoRulesForOneScopeConflict() {
        assertThat(RetentionRule.conflicts(List.of(new RetentionRule("a", null, "crash", 30, null),
                new RetentionRule("b", null, "crash", null, 7), new RetentionRule("a", null, null, 1, null))))
                .hasSize(2);
    }
}
