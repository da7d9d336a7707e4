package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriterSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(WriterSettings.DEFAULTS)
                .isEqualTo(new WriterSettings(1000, Duration.ofMillis(2), 2, 20_000));
        assertThat(new WriterSettings(1, Duration.ofNanos(300), 1, 1).maxDelayMillis()).isEqualTo(1);
    }

    @Test
    void everyInvalidSettingIsNamedAtOnce() {
        assertThatThrownBy(() -> new WriterSettings(0, Duration.ZERO, 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatchRows").hasMessageContaining("maxDelay")
                .hasMessageContaining("maxInFlightBatches").hasMessageContaining("maxQueuedRows");
    }
}
