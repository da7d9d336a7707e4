package dev.sieve.loadtest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentSeederTest {

    @Test
    void oneImportLinePerUserWithAConsentRecordAndNoneForTheUnknownThird() {
        List<JsonObject> lines = ConsentSeeder.importLines(0, 6).lines().map(JsonObject::new).toList();

        assertThat(lines).extracting(line -> line.getString("userId"))
                .containsExactly("u-0000000", "u-0000001", "u-0000003", "u-0000004");
        assertThat(lines.get(0)).isEqualTo(new JsonObject()
                .put("analytics", true).put("diagnostics", true).put("marketing", true).put("userId", "u-0000000"));
        assertThat(lines.get(1)).isEqualTo(new JsonObject()
                .put("analytics", false).put("diagnostics", false).put("marketing", false).put("userId", "u-0000001"));
    }

    @Test
    void aRangeStartsAtItsFirstUser() {
        assertThat(ConsentSeeder.importLines(10_000, 10_003).lines().map(JsonObject::new)
                .map(line -> line.getString("userId")).toList())
                .containsExactly("u-0010000", "u-0010002");
    }
}
