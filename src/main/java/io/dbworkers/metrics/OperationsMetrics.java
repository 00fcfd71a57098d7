package io.dbworkers.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.support.BackgroundSample;
import io.dbworkers.support.ConsumerMetrics;
import io.dbworkers.support.Statistics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The db-workers metrics, next to Camel's own ({@code camel_exchanges_*}, {@code camel_route_policy_*}) on
 * {@code /observe/metrics}:
 * <ul>
 * <li>per route ({@link RouteMetrics}): {@code dbworkers_exchanges_processed_total}, {@code _failed_total},
 * {@code _dead_lettered_total}, {@code dbworkers_exchange_seconds} and {@code dbworkers_batch_size};</li>
 * <li>{@code dbworkers_<gauge>{route,...}} for the gauges of every {@link ConsumerMetrics} consumer, e.g.
 * {@code dbworkers_poll_lag_seconds{route}}, {@code dbworkers_redis_pending_entries{route,stream}};</li>
 * <li>{@code dbworkers_<name>_<counter>} for every {@link Statistics} bean, and
 * {@code dbworkers_statistics_age_seconds{statistics}}: how old those values are.</li>
 * </ul>
 * Consumer gauges and statistics may ask a server, so they are read in the background every {@value #REFRESH_SECONDS}
 * s, one snapshot per bean or consumer, each given at most {@link #TIMEOUT}; a scrape only reads the last values and
 * never waits. A read that fails or times out leaves the last values, and their age grows.
 */
public class OperationsMetrics extends ServiceSupport implements RoutePolicyFactory {

    static final long REFRESH_SECONDS = 5;
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(OperationsMetrics.class);

    private final CamelContext context;
    private final MeterRegistry registry;
    private final Map<Statistics, BackgroundSample<Map<String, Number>>> statistics = new IdentityHashMap<>();
    private final Map<String, BackgroundSample<Map<String, Number>>> statisticsByName = new ConcurrentHashMap<>();
    private final Map<ConsumerMetrics, BackgroundSample<List<ConsumerMetrics.Gauge>>> consumers =
            new IdentityHashMap<>();
    /** per route, the consumer's last gauge values by gauge name and tags */
    private final Map<String, Map<String, Double>> consumerValues = new ConcurrentHashMap<>();
    private ExecutorService samples;
    private ScheduledExecutorService scheduler;

    public OperationsMetrics(CamelContext context, MeterRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RouteMetrics(registry, routeId);
    }

    /** The last snapshot of every Statistics bean, by name, with its age; never waits. */
    public Map<String, BackgroundSample.Result<Map<String, Number>>> statistics() {
        Map<String, BackgroundSample.Result<Map<String, Number>>> results = new HashMap<>();
        statisticsByName.forEach((name, sample) -> {
            if (sample.last() != null) {
                results.put(name, sample.last());
            }
        });
        return results;
    }

    @Override
    protected void doStart() {
        samples = context.getExecutorServiceManager().newCachedThreadPool(this, "MetricsSample");
        scheduler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "OperationsMetrics");
        scheduler.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        context.getExecutorServiceManager().shutdownNow(scheduler);
        context.getExecutorServiceManager().shutdownNow(samples);
    }

    /**
     * Starts a snapshot of every Statistics bean and a reading of every consumer's gauges (unless one is still
     * running), registering the gauges that appeared; the future completes when each has ended or timed out.
     */
    synchronized CompletableFuture<Void> refresh() {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        try {
            List<Statistics> beans = new ArrayList<>(context.getRegistry().findByType(Statistics.class));
            statistics.keySet().retainAll(beans);
            statisticsByName.keySet().retainAll(beans.stream().map(Statistics::name).toList());
            for (Statistics bean : beans) {
                BackgroundSample<Map<String, Number>> sample = statistics.computeIfAbsent(bean,
                        b -> new BackgroundSample<>(b::snapshot, samples, TIMEOUT));
                statisticsByName.put(bean.name(), sample);
                pending.add(sample.refresh().thenAccept(result -> statisticsGauges(bean.name(), result)));
            }
            Map<ConsumerMetrics, String> routes = new IdentityHashMap<>();
            for (Route route : context.getRoutes()) {
                if (route.getConsumer() instanceof ConsumerMetrics consumer) {
                    routes.put(consumer, route.getRouteId());
                }
            }
            consumers.keySet().retainAll(routes.keySet());
            consumerValues.keySet().retainAll(routes.values());
            routes.forEach((consumer, routeId) -> {
                BackgroundSample<List<ConsumerMetrics.Gauge>> sample = consumers.computeIfAbsent(consumer,
                        c -> new BackgroundSample<>(c::gauges, samples, TIMEOUT));
                pending.add(sample.refresh().thenAccept(result -> consumerGauges(routeId, result)));
            });
        } catch (RuntimeException e) {
            LOG.debug("Metrics refresh failed: {}", e.getMessage(), e);
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    private void statisticsGauges(String name, BackgroundSample.Result<Map<String, Number>> result) {
        if (result.value() == null) {
            return;
        }
        gauge("dbworkers_statistics_age_seconds", Map.of("statistics", name), () -> {
            BackgroundSample.Result<Map<String, Number>> last = last(name);
            return last == null || last.valueAt() == null ? Double.NaN
                    : Duration.between(last.valueAt(), Instant.now()).toMillis() / 1000.0;
        });
        for (String counter : result.value().keySet()) {
            gauge("dbworkers_" + name + "_" + counter, Map.of(), () -> {
                BackgroundSample.Result<Map<String, Number>> last = last(name);
                Number value = last == null || last.value() == null ? null : last.value().get(counter);
                return value == null ? Double.NaN : value.doubleValue();
            });
        }
    }

    private BackgroundSample.Result<Map<String, Number>> last(String statisticsName) {
        BackgroundSample<Map<String, Number>> sample = statisticsByName.get(statisticsName);
        return sample == null ? null : sample.last();
    }

    private void consumerGauges(String routeId, BackgroundSample.Result<List<ConsumerMetrics.Gauge>> result) {
        if (result.value() == null) {
            return;
        }
        Map<String, Double> values = new HashMap<>();
        for (ConsumerMetrics.Gauge gauge : result.value()) {
            Map<String, String> tags = new HashMap<>(gauge.tags());
            tags.put("route", routeId);
            String name = "dbworkers_" + gauge.name();
            String key = name + tags;
            values.put(key, gauge.value());
            gauge(name, tags, () -> consumerValues.getOrDefault(routeId, Map.of()).getOrDefault(key, Double.NaN));
        }
        consumerValues.put(routeId, values);
    }

    /** Registers the gauge unless the registry has it already. */
    private void gauge(String name, Map<String, String> tags, Supplier<Number> value) {
        Gauge.Builder<Supplier<Number>> builder = Gauge.builder(name, value);
        tags.forEach(builder::tag);
        builder.strongReference(true).register(registry);
    }
}
