package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WriteBufferConfigTest {

    @Test
    void ofDefaults_hasDocumentedDefaults() {
        WriteBufferConfig config = WriteBufferConfig.ofDefaults();
        assertThat(config.maxPendingKeys()).isEqualTo(1_000);
        assertThat(config.maxDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.flushConcurrency()).isEqualTo(4);
        assertThat(config.capacity()).isEqualTo(10_000);
        assertThat(config.whenFull().timeout()).contains(Duration.ofSeconds(5));
        assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.writeDeadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.sustainedThrottlingAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void toBuilder_whenOneSettingChanged_keepsTheOthers() {
        WriteBufferConfig base = WriteBufferConfig.builder()
                .capacity(50)
                .whenFull(FullPolicy.reject())
                .build();
        WriteBufferConfig changed = base.toBuilder()
                .maxDelay(Duration.ofSeconds(1))
                .writeDeadline(Duration.ofMinutes(2))
                .build();
        assertThat(changed.writeDeadline()).isEqualTo(Duration.ofMinutes(2));
        assertThat(changed.toBuilder().build().writeDeadline()).isEqualTo(Duration.ofMinutes(2));
        assertThat(changed.capacity()).isEqualTo(50);
        assertThat(changed.whenFull().blocks()).isFalse();
        assertThat(changed.maxDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(base.maxDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void builder_whenConfigGivenThenSettingOverridden_bufferRunsWithBoth() {
        WriteBuffer buffer = WriteBuffer.builder()
                .batchWriter(writes -> CompletableFuture.completedFuture(new BatchWriteResult(java.util.List.of(), 0)))
                .config(WriteBufferConfig.builder().capacity(7).build())
                .flushConcurrency(2)
                .build();
        try {
            assertThat(buffer.config().capacity()).isEqualTo(7);
            assertThat(buffer.config().flushConcurrency()).isEqualTo(2);
        } finally {
            buffer.close();
        }
    }

    @Test
    void builder_whenSettingInvalid_failsNamingFieldAndValue() {
        assertThatThrownBy(() -> WriteBufferConfig.builder().capacity(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("capacity must be positive, got: 0");
        assertThatThrownBy(() -> WriteBufferConfig.builder().flushConcurrency(1_001))
                .hasMessage("flushConcurrency must be between 1 and 1000, got: 1001");
        assertThatThrownBy(() -> WriteBufferConfig.builder().closeTimeout(null)).hasMessageContaining("closeTimeout");
        assertThatThrownBy(() -> WriteBuffer.builder().config(null)).hasMessageContaining("config");
        assertThatThrownBy(() -> WriteBufferConfig.builder().writeDeadline(Duration.ZERO))
                .hasMessageContaining("writeDeadline");
        assertThatThrownBy(() -> WriteBuffer.builder().sustainedThrottlingAfter(Duration.ofSeconds(-1)))
                .hasMessageContaining("sustainedThrottlingAfter");
        assertThatThrownBy(() -> WriteBuffer.builder().onSustainedThrottling(null))
                .hasMessageContaining("listener");
    }
}
