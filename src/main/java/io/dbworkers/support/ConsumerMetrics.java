package io.dbworkers.support;

import java.util.List;
import java.util.Map;

/**
 * Gauges a consumer publishes on {@code /observe/metrics}, so that the metrics need not know the concrete consumer
 * class. They are read in the background every few seconds with a timeout, never during a scrape, so reading them may
 * ask a server (e.g. XPENDING).
 */
public interface ConsumerMetrics {

    /**
     * One value of a gauge.
     *
     * @param name  snake_case, exported as {@code dbworkers_<name>}, e.g. {@code redis_pending_entries}
     * @param tags  what tells this value from the others of the gauge besides the route, e.g. {@code stream}
     * @param value the value now
     */
    record Gauge(String name, Map<String, String> tags, double value) {
    }

    /** The consumer's gauges now; the metrics add the tag {@code route}. */
    List<Gauge> gauges() throws Exception;
}
