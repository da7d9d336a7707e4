package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PgUriTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            postgresql://postgres@127.0.0.1:5432/sieve | postgres | ''   | jdbc:postgresql://127.0.0.1:5432/sieve?sslmode=disable | postgresql://postgres@127.0.0.1:5432/sieve
            postgresql://u:p%40ss@db.local:6543/events?sslmode=require&application_name=x | u | p@ss | jdbc:postgresql://db.local:6543/events?sslmode=require | postgresql://u@db.local:6543/events
            postgres://db.local/sieve                  | postgres | ''   | jdbc:postgresql://db.local:5432/sieve?sslmode=disable  | postgresql://postgres@db.local:5432/sieve
            postgresql://app:secret@[::1]:5433/sieve   | app      | secret | jdbc:postgresql://[::1]:5433/sieve?sslmode=disable   | postgresql://app@::1:5433/sieve
            """)
    void readsEveryPartForBothClients(String uri, String user, String password, String jdbcUrl, String shown) {
        PgUri parsed = PgUri.parse(uri);

        assertThat(parsed.user()).isEqualTo(user);
        assertThat(parsed.password()).isEqualTo(password);
        assertThat(parsed.jdbcUrl()).isEqualTo(jdbcUrl);
        assertThat(parsed.toString()).isEqualTo(shown).doesNotContain("@ss").doesNotContain("secret");
        PgConnectOptions options = parsed.connectOptions();
        assertThat(options.getUser()).isEqualTo(user);
        assertThat(options.getPassword()).isEqualTo(password);
        assertThat(options.getCachePreparedStatements()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void aQueryStringKeepsTheConnectionPropertiesTheClientNeeds() {
        PgConnectOptions options = PgUri.parse("postgresql://u@h/db?application_name=sieve").connectOptions();

        assertThat(options.getProperties()).containsEntry("application_name", "sieve")
                .containsEntry("DateStyle", "ISO").containsEntry("client_encoding", "utf8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:secret@h/db", "postgresql://u:secret@h:notaport/db", "postgresql://u:secret@h",
        "postgresql://u:secret@h/"})
    void anInvalidUriIsRefusedWithoutRepeatingIt(String uri) {
        assertThatThrownBy(() -> PgUri.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"))
                .hasNoCause();
    }
}
