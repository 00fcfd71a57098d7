package io.dbworkers.writer;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lettuce.core.Consumer;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entry delivered more than MAX_DELIVERIES times (say, it crashed every worker that took it) is dead-lettered with
 * the reason and acknowledged, not written; a fresh entry of the same stream is written.
 */
class RedisWriterPoisonIT extends RedisWriterItBase {

    @Test
    void entryDeliveredTooOftenGoesToTheDeadLetterStream() throws Exception {
        migrate();
        String stream = stream("esp32", "temperature");
        String poison = redis.xadd(stream, Map.of("value", "1", "timestamp", "2024-01-01T00:00:00Z"));
        redis.xgroupCreate(StreamOffset.from(stream, "0"), GROUP);
        Consumer<String> crashing = Consumer.from(GROUP, "crashing-worker");
        redis.xreadgroup(crashing, XReadArgs.Builder.count(10), StreamOffset.lastConsumed(stream));
        for (int i = 0; i < 2; i++) {
            redis.xclaim(stream, crashing, XClaimArgs.Builder.minIdleTime(Duration.ZERO), poison);
        }
        String fresh = redis.xadd(stream, Map.of("value", "2", "timestamp", "2024-01-01T00:00:01Z"));

        // delivered 3 times so far; the writer's claim is the 4th
        startWriter(env("CONSUMER_NAME", "worker-03", "CLAIM_IDLE_SEC", "1", "MAX_DELIVERIES", "3"));
        await().until(() -> deadLettered().size() == 1 && rows() == 1 && pending() == 0);
        Map<String, String> dead = deadLettered().get(0);
        assertThat(dead).containsEntry("original_stream", stream).containsEntry("original_id", poison)
                .containsEntry("device_id", "esp32").containsEntry("sensor_type", "temperature")
                .containsEntry("value", "1").containsEntry("error", "delivered 4 times, more than MAX_DELIVERIES=3")
                .containsKey("failed_at");
        assertThat(queryLong("SELECT count(*) FROM sensor_readings WHERE entry_id = '" + fresh + "'")).isEqualTo(1);
    }
}
