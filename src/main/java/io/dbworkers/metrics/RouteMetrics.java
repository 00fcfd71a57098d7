package io.dbworkers.metrics;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.MDC;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.component.redis.streams.RedisStreamsConstants;
import io.dbworkers.deadletter.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts one route's exchanges as processed, failed (the source keeps the change) or dead-lettered, times them, records
 * batch sizes, and puts the change's identifiers in the logging MDC ({@code change.table}, {@code change.key},
 * {@code change.type}, {@code redis.entry_id}) while the exchange runs.
 */
class RouteMetrics extends RoutePolicySupport {

    static final String MDC_TABLE = "change.table";
    static final String MDC_KEY = "change.key";
    static final String MDC_TYPE = "change.type";
    static final String MDC_ENTRY_ID = "redis.entry_id";
    private static final String STARTED = "DbWorkersMetricsStarted";

    private final Counter processed;
    private final Counter failed;
    private final Counter deadLettered;
    private final Timer latency;
    private final DistributionSummary batchSize;
    private final boolean deadLetterRoute;

    RouteMetrics(MeterRegistry registry, String routeId) {
        deadLetterRoute = DeadLetters.ROUTE_ID.equals(routeId);
        processed = Counter.builder("dbworkers_exchanges_processed").tag("route", routeId)
                .description("Exchanges the route completed").register(registry);
        failed = Counter.builder("dbworkers_exchanges_failed").tag("route", routeId)
                .description("Exchanges that failed; the source keeps their changes and delivers them again")
                .register(registry);
        deadLettered = Counter.builder("dbworkers_exchanges_dead_lettered").tag("route", routeId)
                .description("Exchanges written to the dead-letter target").register(registry);
        latency = Timer.builder("dbworkers_exchange").tag("route", routeId)
                .description("How long the route took for one exchange").register(registry);
        batchSize = DistributionSummary.builder("dbworkers_batch_size").tag("route", routeId)
                .description("Changes or entries per exchange of a batch route").register(registry);
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        Object body = exchange.getMessage().getBody();
        if (body instanceof Collection<?> batch) {
            batchSize.record(batch.size());
        } else if (body instanceof DatabaseChange change) {
            MDC.put(MDC_TABLE, change.qualifiedTable());
            MDC.put(MDC_KEY, ChangeJson.toJson(change.primaryKey()));
            MDC.put(MDC_TYPE, change.changeType().name());
        }
        String entryId = exchange.getMessage().getHeader(RedisStreamsConstants.ENTRY_ID, String.class);
        if (entryId != null) {
            MDC.put(MDC_ENTRY_ID, entryId);
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        if (started != null) {
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        if (exchange.isFailed()) {
            failed.increment();
        } else if (!deadLetterRoute && exchange.getProperty(DeadLetters.RECORD_PROPERTY) != null) {
            deadLettered.increment();
        } else {
            processed.increment();
        }
        MDC.remove(MDC_TABLE);
        MDC.remove(MDC_KEY);
        MDC.remove(MDC_TYPE);
        MDC.remove(MDC_ENTRY_ID);
    }
}
