package io.dbworkers.writer;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer that read entries and died before acknowledging them: the writer claims them once idle, and writes them. */
class RedisWriterReclaimIT extends RedisWriterItBase {

    @Test
    void deadConsumersEntriesAreTakenOver() throws Exception {
        migrate();
        int total = addReadings(3, 20);
        for (String stream : streams()) {
            redis.xgroupCreate(StreamOffset.from(stream, "0"), GROUP);
            List<?> read = redis.xreadgroup(Consumer.from(GROUP, "dead-worker"), XReadArgs.Builder.count(1000),
                    StreamOffset.lastConsumed(stream));
            assertThat(read).hasSize(20);
        }
        assertThat(pending()).isEqualTo(total);

        startWriter(env("CONSUMER_NAME", "worker-02", "CLAIM_IDLE_SEC", "2"));
        await().until(() -> rows() == total && pending() == 0);
        assertThat(duplicateRows()).isZero();
        assertThat(deadLettered()).isEmpty();
    }
}
