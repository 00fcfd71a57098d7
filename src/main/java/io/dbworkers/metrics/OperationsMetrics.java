package io.dbworkers.metrics;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.support.Statistics;
import io.dbworkers.component.dbpoll.DbPollConsumer;
import io.dbworkers.component.redis.streams.RedisStreamsConsumer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The db-workers metrics, next to Camel's own ({@code camel_exchanges_*}, {@code camel_route_policy_*}) on
 * {@code /observe/metrics}:
 * <ul>
 * <li>per route ({@link RouteMetrics}): {@code dbworkers_exchanges_processed_total}, {@code _failed_total},
 * {@code _dead_lettered_total}, {@code dbworkers_exchange_seconds} and {@code dbworkers_batch_size};</li>
 * <li>{@code dbworkers_poll_lag_seconds{route}}: how long ago each db-poll consumer last read its tables to the end;</li>
 * <li>{@code dbworkers_redis_pending_entries{route,stream}}: entries delivered to a redis-streams consumer group and not
 * yet acknowledged, refreshed every {@value #REFRESH_SECONDS} s;</li>
 * <li>{@code dbworkers_<name>_<counter>} for every {@link Statistics} bean.</li>
 * </ul>
 */
public class OperationsMetrics extends ServiceSupport implements RoutePolicyFactory {

    static final long REFRESH_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(OperationsMetrics.class);

    private final CamelContext context;
    private final MeterRegistry registry;
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    public OperationsMetrics(CamelContext context, MeterRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RouteMetrics(registry, routeId);
    }

    @Override
    protected void doStart() {
        scheduler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "OperationsMetrics");
        scheduler.scheduleWithFixedDelay(this::refresh, 1, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            context.getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
    }

    /** Registers the gauges of routes and beans that appeared since, and reads the Redis pending counts. */
    void refresh() {
        try {
            for (Route route : context.getRoutes()) {
                String routeId = route.getRouteId();
                if (route.getConsumer() instanceof DbPollConsumer) {
                    gauge("dbworkers_poll_lag_seconds", Map.of("route", routeId), () -> pollLag(routeId));
                } else if (route.getConsumer() instanceof RedisStreamsConsumer consumer && consumer.isReady()) {
                    consumer.pendingCounts().forEach((stream, count) -> {
                        String key = routeId + "\n" + stream;
                        pending.put(key, count);
                        gauge("dbworkers_redis_pending_entries", Map.of("route", routeId, "stream", stream),
                                () -> pending.getOrDefault(key, 0L));
                    });
                }
            }
            Collection<Statistics> beans = context.getRegistry().findByType(Statistics.class);
            for (Statistics statistics : beans) {
                for (String counter : statistics.snapshot().keySet()) {
                    gauge("dbworkers_" + statistics.name() + "_" + counter, Map.of(), () -> {
                        Number value = statistics.snapshot().get(counter);
                        return value == null ? Double.NaN : value.doubleValue();
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Metrics refresh failed: {}", e.getMessage());
        }
    }

    private double pollLag(String routeId) {
        Route route = context.getRoute(routeId);
        if (route != null && route.getConsumer() instanceof DbPollConsumer consumer) {
            return consumer.lag().toMillis() / 1000.0;
        }
        return Double.NaN;
    }

    private void gauge(String name, Map<String, String> tags, java.util.function.Supplier<Number> value) {
        String key = name + tags;
        if (gauges.add(key)) {
            Gauge.Builder<java.util.function.Supplier<Number>> builder = Gauge.builder(name, value);
            tags.forEach(builder::tag);
            builder.strongReference(true).register(registry);
        }
    }
}
