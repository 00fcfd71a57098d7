package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * With prefetch the next batch is read while the previous one is processed, but batches still run one at a time and
 * each is acknowledged once it completed: while the first batch hangs, the second is read (pending) and not processed.
 */
class RedisStreamsPrefetchIT extends RedisStreamsItBase {

    @Test
    void readsAheadOneBatchProcessesOneAtATimeAcknowledgesEach() throws Exception {
        String first = redis.xadd(name, Map.of("n", "1"));
        CountDownLatch release = new CountDownLatch(1);
        Queue<List<?>> batches = new ConcurrentLinkedQueue<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(name, "group=g&consumerName=w1&batch=true&prefetch=true&count=1&block=100&claimIdle=0"))
                        .routeId("reader").process(exchange -> {
                            batches.add(exchange.getMessage().getBody(List.class));
                            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                        });
            }
        });
        camel.start();
        await().until(() -> batches.size() == 1);
        String second = redis.xadd(name, Map.of("n", "2"));
        String third = redis.xadd(name, Map.of("n", "3"));

        // the second batch is read ahead (so pending) while the first one hangs; the third waits in the stream
        await().until(() -> pendingIds(name, "g").equals(List.of(first, second)));
        assertThat(batches).hasSize(1);

        release.countDown();
        await().until(() -> batches.size() == 3 && pendingIds(name, "g").isEmpty());
        assertThat(batches).extracting(batch -> ((StreamMessage) batch.get(0)).id())
                .containsExactly(first, second, third);
    }
}
