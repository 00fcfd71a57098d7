package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;

class RedisStreamsConsumerGroupIT extends RedisStreamsItBase {

    private static final String GROUP = "writers";

    @Test
    void createsTheGroupFromTheFirstEntryAndReadsWhatWasWrittenBefore() throws Exception {
        String before = redis.xadd(name, Map.of("n", "1"));

        startReader(uri(name, "group=" + GROUP + "&consumerName=w1"), exchange -> { });

        await().until(() -> receivedIds().contains(before));
        assertThat(redis.xinfoGroups(name)).hasSize(1);
        String after = redis.xadd(name, Map.of("n", "2"));
        await().until(() -> receivedIds().contains(after));
        await().until(() -> pendingIds(name, GROUP).isEmpty());
        assertThat(receivedIds()).containsExactly(before, after);
    }

    @Test
    void createsAMissingStreamAndToleratesAnExistingGroup() throws Exception {
        redis.xgroupCreate(StreamOffset.from(name + ":existing", "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        String id = redis.xadd(name + ":existing", Map.of("n", "1"));

        startReader(uri(name + ":existing", "group=" + GROUP + "&consumerName=w1"), exchange -> { });

        await().until(() -> receivedIds().contains(id));
        await().until(() -> pendingIds(name + ":existing", GROUP).isEmpty());
        assertThat(consumer().isReady()).isTrue();
    }

    @Test
    void createsTheGroupAgainWhenTheStreamIsDeletedAndCreatedAgain() throws Exception {
        String first = redis.xadd(name, Map.of("n", "1"));
        startReader(uri(name, "group=" + GROUP + "&consumerName=w1&block=200"), exchange -> { });
        await().until(() -> receivedIds().contains(first));

        redis.del(name);
        String second = redis.xadd(name, Map.of("n", "2"));

        await().until(() -> receivedIds().contains(second));
        await().until(() -> pendingIds(name, GROUP).isEmpty());
        assertThat(redis.xinfoGroups(name)).hasSize(1);
        assertThat(receivedIds()).containsExactly(first, second);
    }
}
