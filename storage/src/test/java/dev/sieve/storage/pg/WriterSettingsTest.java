package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriterSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(WriterSettings.DEFAULTS)
                .isEqualTo(new WriterSettings(1000, 50, Duration.ofMillis(1), 2, 20_000));
        assertThat(WriterSettings.DEFAULTS.sendsWhenQuiet()).isTrue();
        assertThat(new WriterSettings(1, 1, Duration.ofNanos(300), 1, 1).maxDelayMillis()).isEqualTo(1);
    }

    @Test
    void everyInvalidSettingIsNamedAtOnce() {
        assertThatThrownBy(() -> new WriterSettings(0, -1, Duration.ZERO, 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatchRows").hasMessageContaining("quietSplitRows")
                .hasMessageContaining("maxDelay")
                .hasMessageContaining("maxInFlightBatches").hasMessageContaining("maxQueuedRows");
    }

    @Test
    void pendingRowsAreSpreadOverTheConnectionsAtLeastSplitRowsEach() {
        WriterSettings settings = new WriterSettings(1000, 50, Duration.ofMillis(2), 2, 20_000);

        assertThat(settings.nextBatchRows(100, 2)).as("one request of 100, both connections free").isEqualTo(50);
        assertThat(settings.nextBatchRows(99, 2)).as("too few for two statements of 50").isEqualTo(99);
        assertThat(settings.nextBatchRows(301, 2)).isEqualTo(151);
        assertThat(settings.nextBatchRows(100, 1)).as("one connection free").isEqualTo(100);
        assertThat(settings.nextBatchRows(7, 2)).as("a few rows go in one statement").isEqualTo(7);
        assertThat(settings.nextBatchRows(5000, 2)).as("never more than maxBatchRows").isEqualTo(1000);
        assertThat(settings.nextBatchRows(5000, 1)).isEqualTo(1000);
    }

    @Test
    void withQuietSendingOffPendingRowsAreNeverSpread() {
        WriterSettings off = new WriterSettings(1000, 0, Duration.ofMillis(2), 2, 20_000);

        assertThat(off.nextBatchRows(100, 2)).isEqualTo(100);
        assertThat(off.nextBatchRows(5000, 2)).isEqualTo(1000);
    }

    @Test
    void theBatchSizeCapsEveryStatement() {
        WriterSettings settings = new WriterSettings(100, 100, Duration.ofMillis(2), 4, 1000);

        assertThat(settings.nextBatchRows(150, 4)).isEqualTo(100);
        assertThat(settings.nextBatchRows(99, 4)).isEqualTo(99);
        assertThat(settings.nextBatchRows(400, 4)).isEqualTo(100);
    }
}
