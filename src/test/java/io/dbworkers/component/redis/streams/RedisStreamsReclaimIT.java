package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;

class RedisStreamsReclaimIT extends RedisStreamsItBase {

    @Test
    void takesOverTheEntriesOfADeadConsumer() throws Exception {
        redis.xgroupCreate(StreamOffset.from(name, "0"), "g", XGroupCreateArgs.Builder.mkstream());
        String one = redis.xadd(name, Map.of("n", "1"));
        String two = redis.xadd(name, Map.of("n", "2"));
        assertThat(redis.xreadgroup(Consumer.from("g", "dead"), StreamOffset.lastConsumed(name))).hasSize(2);
        String three = redis.xadd(name, Map.of("n", "3"));

        startReader(uri(name, "group=g&consumerName=alive&claimIdle=500&block=200"), exchange -> { });

        await().until(() -> received.size() == 3);
        assertThat(receivedIds()).containsExactlyInAnyOrder(one, two, three);
        assertThat(received).filteredOn(m -> !m.id().equals(three)).extracting(StreamMessage::deliveryCount)
                .containsOnly(2L);
        await().until(() -> pendingIds(name, "g").isEmpty());
    }
}
