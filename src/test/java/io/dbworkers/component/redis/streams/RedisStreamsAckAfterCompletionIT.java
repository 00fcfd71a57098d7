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

class RedisStreamsAckAfterCompletionIT extends RedisStreamsItBase {

    @Test
    void acknowledgesOnlyAfterTheRouteCompletedAndNeverAFailure() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        String slow = redis.xadd(name, Map.of("kind", "slow"));
        String bad = redis.xadd(name, Map.of("kind", "bad"));
        String good = redis.xadd(name, Map.of("kind", "good"));

        startReader(uri(name, "group=g&consumerName=w1&claimIdle=0&count=1"), exchange -> {
            String kind = exchange.getMessage().getBody(StreamMessage.class).fields().get("kind");
            if (kind.equals("slow")) {
                assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
            } else if (kind.equals("bad")) {
                throw new IllegalStateException("the database refused it");
            }
        });

        await().until(() -> receivedIds().contains(slow));
        assertThat(pendingIds(name, "g")).containsExactly(slow);
        release.countDown();

        await().until(() -> receivedIds().contains(good));
        await().until(() -> pendingIds(name, "g").equals(List.of(bad)));
        assertThat(consumer().pendingCounts(java.time.Duration.ofSeconds(5)).orElseThrow()).containsEntry(name, 1L);
    }

    @Test
    void aBatchIsAcknowledgedAsAWholeOrNotAtAll() throws Exception {
        String one = redis.xadd(name + ":batch", Map.of("n", "1"));
        String two = redis.xadd(name + ":batch", Map.of("n", "2"));
        CountDownLatch failedOnce = new CountDownLatch(1);
        Queue<List<?>> batches = new ConcurrentLinkedQueue<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(name + ":batch", "group=g&consumerName=w1&batch=true&claimIdle=500")).process(exchange -> {
                    batches.add(exchange.getMessage().getBody(List.class));
                    if (failedOnce.getCount() > 0) {
                        failedOnce.countDown();
                        throw new IllegalStateException("the database refused the batch");
                    }
                });
            }
        });
        camel.start();

        await().until(() -> batches.size() == 2);
        await().until(() -> pendingIds(name + ":batch", "g").isEmpty());
        assertThat(batches).allSatisfy(batch -> assertThat(batch).extracting(m -> ((StreamMessage) m).id())
                .containsExactly(one, two));
    }
}
