package dev.sieve.ingest.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.formats.edge.CorsSettings;
import dev.sieve.ingest.formats.snowplow.SnowplowApps;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad values in every format's fields are refused without being repeated: the answer names
 * fields and indexes only. Each body hides the marker {@code S3CR3T} in the offending value.
 */
class NoValuesInAnswersTest {
    private static final String MARKER = "S3CR3T";
    private static FormatApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new FormatApp(new FormatSettings(CorsSettings.none(), new SnowplowApps(Map.of("website", FormatApp.WRITER_KEY)),
                FormatSettings.DEFAULT_TYPE_PURPOSES));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "/v1/track | {\"event\":\"x\",\"userId\":\"u\",\"context\":{\"ip\":\"10.0.0.S3CR3T\"},\"writeKey\":\"$KEY\"}",
        "/v1/track | {\"event\":\"bad<S3CR3T>\",\"userId\":\"u\",\"writeKey\":\"$KEY\"}",
        "/v1/track | {\"event\":\"x\",\"userId\":\"u\",\"timestamp\":\"S3CR3T\",\"writeKey\":\"$KEY\"}",
        "/v1/track | {\"event\":\"x\",\"userId\":\"u\",\"writeKey\":\"S3CR3T-key\"}",
        "/v1/track | {\"event\":\"x\",\"userId\":\"u\",\"properties\":{\"S3CR3T\":\"\\u0000\"},\"writeKey\":\"$KEY\"}",
        "/v1/track | {\"event\":\"x\",\"userId\":\"S3CR3T",
        "/e/ | [{\"event\":\"x\",\"distinct_id\":\"u\",\"properties\":{\"token\":\"$KEY\",\"$ip\":\"S3CR3T\"}}]",
        "/e/ | [{\"event\":\"x\",\"distinct_id\":\"u\",\"timestamp\":\"S3CR3T\",\"properties\":{\"token\":\"$KEY\"}}]",
        "/e/ | [{\"event\":\"x\",\"distinct_id\":\"u\",\"properties\":{\"token\":\"S3CR3T-token\"}}]",
        "/e/ | S3CR3T-not-a-payload",
        "/com.snowplowanalytics.snowplow/tp2 | {\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\",\"data\":[{\"e\":\"pv\",\"aid\":\"website\",\"uid\":\"u\",\"ip\":\"S3CR3T\"}]}",
        "/com.snowplowanalytics.snowplow/tp2 | {\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\",\"data\":[{\"e\":\"pv\",\"aid\":\"website\",\"uid\":\"u\",\"dtm\":\"S3CR3T\"}]}",
        "/com.snowplowanalytics.snowplow/tp2 | {\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\",\"data\":[{\"e\":\"pv\",\"aid\":\"S3CR3T-app\",\"uid\":\"u\"}]}",
        "/com.snowplowanalytics.snowplow/tp2 | {\"schema\":\"iglu:S3CR3T\",\"data\":[]}",
    })
    void theOffendingValueIsNeverInTheAnswer(String path, String body) {
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("$KEY", FormatApp.WRITER_KEY))));
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        assertThat(r.body()).doesNotContain(MARKER).doesNotContain(FormatApp.WRITER_KEY);
    }
}
