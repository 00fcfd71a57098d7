package io.dbworkers.metrics;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A redis-streams consumer whose route fails leaves entries pending in two streams: the scrape shows them as one gauge,
 * {@code dbworkers_redis_pending_entries}, tagged with the route and the stream, never with the stream inside a name.
 */
class RedisPendingMetricsIT {

    @Test
    void pendingCountsAreOneGaugeTaggedByStream() throws Exception {
        String name = ItSupport.nameFor(getClass());
        RedisClient redis = RedisClient.create(ItSupport.REDIS_URI);
        try (var connection = redis.connect(); DefaultCamelContext context = new DefaultCamelContext()) {
            RedisCommands<String, String> commands = connection.sync();
            commands.del(name + ":a", name + ":b");
            commands.xadd(name + ":a", Map.of("n", "1"));
            commands.xadd(name + ":a", Map.of("n", "2"));
            commands.xadd(name + ":b", Map.of("n", "3"));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            OperationsMetrics metrics = new OperationsMetrics(context, registry);
            context.addRoutePolicyFactory(metrics);
            context.addService(metrics, true, true);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + name + ":*?redisUri=" + ItSupport.REDIS_URI + "&group=" + name
                         + "&consumerName=" + name).routeId("reader")
                            .throwException(new IllegalStateException("kept pending"));
                }
            });
            context.start();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                metrics.refresh().join();
                assertThat(registry.scrape())
                        .contains("dbworkers_redis_pending_entries{route=\"reader\",stream=\"" + name + ":a\"} 2.0")
                        .contains("dbworkers_redis_pending_entries{route=\"reader\",stream=\"" + name + ":b\"} 1.0");
            });
            assertThat(registry.scrape()).doesNotContain("pending_stream").doesNotContain("pending{");
        } finally {
            try (var cleanup = redis.connect()) {
                cleanup.sync().del(name + ":a", name + ":b");
            }
            redis.shutdown();
        }
    }
}
