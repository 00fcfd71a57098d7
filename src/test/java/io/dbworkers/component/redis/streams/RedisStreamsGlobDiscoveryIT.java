package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RedisStreamsGlobDiscoveryIT extends RedisStreamsItBase {

    @Test
    void readsStreamsThatAppearLaterButNeverTheDeadLetterOrExcludedOnes() throws Exception {
        String dead = name + ":failed";
        String early = redis.xadd(name + ":esp32:temperature", Map.of("value", "23.5"));
        redis.xadd(dead, Map.of("value", "x"));
        redis.xadd(name + ":skip:1", Map.of("value", "y"));
        redis.set(name + ":not-a-stream", "z");

        startReader(uri(name + ":*", "group=g&consumerName=w1&block=200&discoveryInterval=200&deadLetterStream="
                + dead + "&exclude=" + name + ":skip:*"), exchange -> { });
        await().until(() -> receivedIds().contains(early));

        String late = redis.xadd(name + ":esp32:humidity", Map.of("value", "40"));

        await().until(() -> receivedIds().contains(late));
        await().until(() -> pendingIds(name + ":esp32:humidity", "g").isEmpty()
                && pendingIds(name + ":esp32:temperature", "g").isEmpty());
        assertThat(received).extracting(StreamMessage::stream)
                .containsExactly(name + ":esp32:temperature", name + ":esp32:humidity");
        // entry ids are unique per stream only, so compare streams: nothing from the dead-letter or excluded ones
        assertThat(received).extracting(StreamMessage::stream).doesNotContain(dead, name + ":skip:1");
        assertThat(redis.xinfoGroups(dead)).isEmpty();
        assertThat(redis.xinfoGroups(name + ":skip:1")).isEmpty();
        assertThat(consumer().pendingCounts(java.time.Duration.ofSeconds(5)).orElseThrow()).containsOnlyKeys(name + ":esp32:temperature",
                name + ":esp32:humidity").containsValues(0L);
    }
}
