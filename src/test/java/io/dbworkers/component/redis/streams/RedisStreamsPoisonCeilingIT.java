package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lettuce.core.Range;

class RedisStreamsPoisonCeilingIT extends RedisStreamsItBase {

    @Test
    void anEntryDeliveredTooOftenMovesToTheDeadLetterStreamWithItsFieldsAndIsAcknowledged() throws Exception {
        String dead = name + ":failed";
        String id = redis.xadd(name, Map.of("device_id", "esp32", "value", "23.5"));

        startReader(uri(name, "group=g&consumerName=w1&claimIdle=300&block=100&maxDeliveries=2&deadLetterStream="
                + dead), exchange -> {
                    throw new IllegalStateException("the database refused it");
                });

        await().until(() -> redis.xlen(dead) == 1);
        await().until(() -> pendingIds(name, "g").isEmpty());
        Map<String, String> fields = redis.xrange(dead, Range.create("-", "+")).get(0).getBody();
        assertThat(fields).containsEntry("device_id", "esp32").containsEntry("value", "23.5")
                .containsEntry("original_stream", name).containsEntry("original_id", id)
                .containsEntry("error", "delivered 3 times, more than maxDeliveries=2")
                .containsKey("failed_at");
        assertThat(received).extracting(StreamMessage::deliveryCount).containsExactly(1L, 2L);
        assertThat(redis.xlen(name)).isEqualTo(1);
    }
}
