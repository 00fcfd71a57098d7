package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;

class RedisStreamsOwnPendingFirstIT extends RedisStreamsItBase {

    @Test
    void aRestartedConsumerFinishesItsOwnPendingEntriesBeforeNewOnes() throws Exception {
        redis.xgroupCreate(StreamOffset.from(name, "0"), "g", XGroupCreateArgs.Builder.mkstream());
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(redis.xadd(name, Map.of("n", String.valueOf(i))));
        }
        // the previous run of w1 read these and died before acknowledging them
        assertThat(redis.xreadgroup(Consumer.from("g", "w1"), StreamOffset.lastConsumed(name))).hasSize(3);
        for (int i = 4; i <= 5; i++) {
            ids.add(redis.xadd(name, Map.of("n", String.valueOf(i))));
        }

        // claiming is off: only reading its own pending entries brings the first three back
        startReader(uri(name, "group=g&consumerName=w1&claimIdle=0&count=2"), exchange -> { });

        await().until(() -> received.size() == 5);
        assertThat(receivedIds()).containsExactlyElementsOf(ids);
        assertThat(received).extracting(StreamMessage::deliveryCount).containsExactly(2L, 2L, 2L, 1L, 1L);
        await().until(() -> pendingIds(name, "g").isEmpty());
    }

    @Test
    void withClaimingOnTheOwnPendingEntriesAreStillDeliveredOnce() throws Exception {
        String stream = name + ":claiming";
        redis.xgroupCreate(StreamOffset.from(stream, "0"), "g", XGroupCreateArgs.Builder.mkstream());
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(redis.xadd(stream, Map.of("n", String.valueOf(i))));
        }
        assertThat(redis.xreadgroup(Consumer.from("g", "w1"), StreamOffset.lastConsumed(stream))).hasSize(3);
        ids.add(redis.xadd(stream, Map.of("n", "4")));
        // idle long enough to be claimed as soon as the consumer starts
        await().until(() -> redis.xpending(stream, "g", Range.create("-", "+"),
                Limit.from(1)).get(0).getMsSinceLastDelivery() > 50);

        startReader(uri(stream, "group=g&consumerName=w1&claimIdle=50&block=100"), exchange -> { });

        await().until(() -> received.size() >= 4);
        await().until(() -> pendingIds(stream, "g").isEmpty());
        assertThat(receivedIds()).containsExactlyElementsOf(ids);
    }
}
