package io.dbworkers.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.dbworkers.health.DependencyHealthChecks;
import io.dbworkers.support.Statistics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A route's processed and failed exchanges and batch sizes, and every Statistics bean, reach the Prometheus scrape;
 * the Statistics beans also show in the health JSON's statistics check. Scrapes and health calls read the snapshot the
 * metrics took: they never call the bean, however many counters it has.
 */
class OperationsMetricsTest {

    @Test
    void routeCountersAndStatisticsAreExported() throws Exception {
        AtomicInteger snapshots = new AtomicInteger();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("writerStatistics", new Statistics() {
                @Override
                public String name() {
                    return "redis_writer";
                }

                @Override
                public Map<String, Number> snapshot() {
                    snapshots.incrementAndGet();
                    return Map.of("messages_read", 10, "messages_written", 9, "errors", 1);
                }
            });
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            OperationsMetrics metrics = new OperationsMetrics(context, registry);
            context.getRegistry().bind("operationsMetrics", metrics);
            context.addRoutePolicyFactory(metrics);
            context.addService(metrics, true, true);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:batch").routeId("batch").process(exchange -> {
                        if ("fail".equals(exchange.getMessage().getBody())) {
                            throw new IllegalStateException("fails");
                        }
                    });
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            template.sendBody("direct:batch", List.of(1, 2, 3));
            assertThatThrownBy(() -> template.sendBody("direct:batch", "fail")).hasRootCauseMessage("fails");
            metrics.refresh().join();
            int taken = snapshots.get();

            String scrape = registry.scrape();
            for (int i = 0; i < 5; i++) {
                scrape = registry.scrape();
            }
            assertThat(scrape)
                    .contains("dbworkers_exchanges_processed_total{route=\"batch\"} 1.0")
                    .contains("dbworkers_exchanges_failed_total{route=\"batch\"} 1.0")
                    .contains("dbworkers_batch_size_sum{route=\"batch\"} 3.0")
                    .contains("dbworkers_exchange_seconds_count{route=\"batch\"} 2")
                    .contains("dbworkers_redis_writer_messages_read 10.0")
                    .contains("dbworkers_redis_writer_messages_written 9.0")
                    .contains("dbworkers_statistics_age_seconds{statistics=\"redis_writer\"}");

            HealthCheck statistics = new DependencyHealthChecks(context).stream()
                    .filter(check -> check.getId().equals("statistics")).findFirst().orElseThrow();
            HealthCheck.Result result = statistics.call();
            assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(result.getMessage().orElseThrow()).contains("messages_read=10");
            assertThat(result.getDetails()).containsEntry("redis_writer.messages_read", 10)
                    .containsKey("redis_writer.seconds.ago");
            assertThat(snapshots.get()).as("snapshots taken by six scrapes and a health call").isEqualTo(taken);
        }
    }
}
