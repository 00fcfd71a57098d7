package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.CapturedLog;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisURI;

class RedisStreamsReconnectIT extends RedisStreamsItBase {

    @Test
    void resumesAfterItsConnectionsAreKilled() throws Exception {
        List<String> ids = new ArrayList<>();
        ids.add(redis.xadd(name, Map.of("n", "1")));
        startReader(uri(name, "group=g&consumerName=killed&block=500"), exchange -> { });
        await().until(() -> received.size() == 1);

        List<String> killed = consumerClientIds("redis-streams:g:killed");
        assertThat(killed).hasSize(2);
        redis.clientKill(KillArgs.Builder.id(Long.parseLong(killed.get(0))));
        redis.clientKill(KillArgs.Builder.id(Long.parseLong(killed.get(1))));
        ids.add(redis.xadd(name, Map.of("n", "2")));

        await().until(() -> received.size() == 2);
        ids.add(redis.xadd(name, Map.of("n", "3")));
        await().until(() -> received.size() == 3);
        assertThat(receivedIds()).containsExactlyElementsOf(ids);
        await().until(() -> pendingIds(name, "g").isEmpty());
        assertThat(consumerClientIds("redis-streams:g:killed")).hasSize(2).doesNotContainAnyElementsOf(killed);
        assertThat(consumer().isReady()).isTrue();
    }

    @Test
    void reportsNotReadyWhileRedisIsUnreachableAndLosesNothing() throws Exception {
        RedisURI target = RedisURI.create(REDIS_URI);
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort()); CapturedLog log = new CapturedLog()) {
            String through = "redis://127.0.0.1:" + proxy.port();
            List<String> ids = new ArrayList<>();
            ids.add(redis.xadd(name, Map.of("n", "1")));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + name + "?redisUri=" + through + "&group=g&consumerName=cut&block=200"
                         + "&reconnectDelay=200").routeId("reader")
                            .process(e -> received.add(e.getMessage().getBody(StreamMessage.class)));
                }
            });
            camel.start();
            await().until(() -> received.size() == 1);
            HealthCheck health = new RedisStreamsConsumerHealthCheck(consumer(), "reader");
            assertThat(health.call().getState()).isEqualTo(HealthCheck.State.UP);

            int before = log.mark();
            proxy.cut();
            await().until(() -> !consumer().isReady());
            ids.add(redis.xadd(name, Map.of("n", "2")));
            ids.add(redis.xadd(name, Map.of("n", "3")));
            assertThat(health.call().getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(health.call().getMessage().orElseThrow()).contains(": not connected to Redis at");

            proxy.restore();
            await().until(() -> consumer().isReady());
            await().until(() -> received.size() == 3);
            assertThat(receivedIds()).containsExactlyElementsOf(ids);
            await().until(() -> pendingIds(name, "g").isEmpty());
            assertThat(health.call().getState()).isEqualTo(HealthCheck.State.UP);

            // the outage as an operator reads it: its first failure with the cause, one line per retry, the recovery
            List<String> lines = log.linesSince(before).stream().filter(l -> l.contains("redis-streams " + name))
                    .toList();
            assertThat(lines).isNotEmpty();
            assertThat(lines.get(0)).startsWith("WARN redis-streams " + name + " (entries not yet acknowledged stay"
                    + " pending) on Redis at redis://127.0.0.1:" + proxy.port() + ": ").contains("; retrying in ");
            assertThat(lines.subList(1, lines.size() - 1)).allMatch(l -> l.contains(": still failing after "));
            assertThat(lines.get(lines.size() - 1)).matches("INFO .*: recovered after \\d+ s, \\d+ retries");
            assertThat(log.stackTracesSince(before, "io.dbworkers", "org.apache.camel")).isZero();
        }
    }

    /** The ids, in CLIENT LIST, of the connections with this name. */
    private List<String> consumerClientIds(String clientName) {
        List<String> ids = new ArrayList<>();
        for (String line : redis.clientList().split("\n")) {
            if (line.contains(" name=" + clientName + " ")) {
                ids.add(line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id="))));
            }
        }
        return ids;
    }
}
