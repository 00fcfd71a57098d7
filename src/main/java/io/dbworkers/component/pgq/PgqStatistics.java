package io.dbworkers.component.pgq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.dbworkers.support.Statistics;

/**
 * One consumer's counters, shown on /observe/health and exported on /observe/metrics as
 * {@code dbworkers_pgq_<route>_<counter>}: lag and pending events as PgQ reports them (pgq.get_consumer_info),
 * events delivered, events per second since the previous report, retries and dead letters.
 */
final class PgqStatistics implements Statistics {

    private final String name;
    final AtomicLong events = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    private volatile long lagSeconds = -1;
    private volatile long pendingEvents = -1;
    private volatile double eventsPerSecond;
    private long lastEvents;
    private long lastNanos = System.nanoTime();

    PgqStatistics(String routeId) {
        this.name = "pgq_" + routeId.replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(java.util.Locale.ROOT);
    }

    /** PgQ's view, refreshed by the consumer every few seconds. */
    synchronized void report(long lag, long pending) {
        long now = System.nanoTime();
        long count = events.get();
        eventsPerSecond = (count - lastEvents) * 1e9 / Math.max(1, now - lastNanos);
        lastEvents = count;
        lastNanos = now;
        lagSeconds = lag;
        pendingEvents = pending;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Number> snapshot() {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("lag_seconds", lagSeconds);
        values.put("pending_events", pendingEvents);
        values.put("events", events.get());
        values.put("events_per_second", Math.round(eventsPerSecond * 10) / 10.0);
        values.put("batches", batches.get());
        values.put("retries", retries.get());
        values.put("dead_letters", deadLetters.get());
        return values;
    }
}
