package io.dbworkers.component.pgq;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.support.ConsumerStatus;
import io.dbworkers.support.Problem;
import io.dbworkers.support.SupervisedLoop;

/**
 * The PgQ loop, on one thread of Camel's: next batch, its events streamed in chunks of {@code fetchSize} by a
 * {@link BatchStream} (a second thread and connection), each delivered (or each chunk, with {@code batch}), failed
 * ones handed to PgQ's retry queue or, after {@code maxRetries}, to the dead-letter channel, then
 * {@code pgq.finish_batch} and commit, all in one transaction (see {@link PgqEndpoint} for the guarantee). While
 * batches come it asks for the next one at once; only an idle queue makes it wait {@code idleDelay}. Any failure rolls
 * the batch back and restarts the loop with backoff ({@link SupervisedLoop}), so the same batch comes again.
 */
public class PgqConsumer extends DefaultConsumer implements ConsumerStatus, HealthCheckAware {

    private static final Logger LOG = LoggerFactory.getLogger(PgqConsumer.class);
    private static final long INFO_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PgqEndpoint endpoint;
    private final PgqQueue queue;
    private final TriggerEvents triggers = new TriggerEvents();
    private final TestPauses pauses = new TestPauses();
    private BatchTarget exact;
    private PgqStatistics statistics;
    private SupervisedLoop loop;
    private ExecutorService executor;
    private ExecutorService reader;
    private ProducerTemplate deadLetters;
    private EventFailures failures;
    private HealthCheck healthCheck;
    private long nextInfo;

    public PgqConsumer(PgqEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.queue = new PgqQueue(endpoint.getQueue(), endpoint.getConsumerName());
    }

    @Override
    public PgqEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        endpoint.validateConsumer();
        try (Connection c = endpoint.getDataSource().getConnection()) {
            c.setAutoCommit(false);
            queue.prepare(c, endpoint.isCreateQueue(), endpoint.isRegister());
        }
        exact = endpoint.batchTarget();
        statistics = new PgqStatistics(getRouteId());
        getEndpoint().getCamelContext().getRegistry().bind(statistics.name(), statistics);
        if (healthCheck == null) {
            healthCheck = new PgqHealthCheck(this, getRouteId());
        }
        healthCheck.setEnabled(endpoint.getComponent().isHealthCheckConsumerEnabled());
        deadLetters = getEndpoint().getCamelContext().createProducerTemplate();
        failures = new EventFailures(endpoint, queue, statistics, deadLetters, getRouteId());
        super.doStart();
        String name = "pgq " + endpoint.getQueue() + " as " + endpoint.getConsumerName();
        loop = new SupervisedLoop(name, LOG, Duration.ofMillis(200), Duration.ofSeconds(30), this::consume);
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        executor = executors.newSingleThreadExecutor(this, "PgqConsumer[" + endpoint.getQueue() + "]");
        reader = executors.newSingleThreadExecutor(this, "PgqRead[" + endpoint.getQueue() + "]");
        loop.start(executor);
        LOG.info("{}: consuming, {} events a fetch, one exchange per {}", name, endpoint.getFetchSize(),
                endpoint.isBatch() ? "chunk" : "event");
    }

    @Override
    protected void doStop() throws Exception {
        if (loop != null) {
            loop.stop();
        }
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, 10_000);
            executor = null;
        }
        if (reader != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(reader);
            reader = null;
        }
        if (deadLetters != null) {
            deadLetters.stop();
        }
        super.doStop();
    }

    private void consume(SupervisedLoop supervised) throws Exception {
        DataSource dataSource = endpoint.getDataSource();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (BatchStream events = new BatchStream(dataSource, reader, endpoint.getFetchSize())) {
                queue.prepare(c, endpoint.isCreateQueue(), endpoint.isRegister());
                while (supervised.isRunning()) {
                    boolean worked = step(c, events);
                    supervised.healthy();
                    refreshInfo(c);
                    if (!worked) {
                        Thread.sleep(endpoint.getIdleDelay());
                    }
                }
            } finally {
                rollbackQuietly(c);
                if (exact != null) {
                    exact.end(false);
                }
            }
        }
    }

    /** One batch, finished and committed; false when there was none. */
    private boolean step(Connection c, BatchStream events) throws Exception {
        Long batchId = queue.nextBatch(c, endpoint.getMinLag(), endpoint.getMinCount(), endpoint.getMinInterval());
        // committed, as Skytools does: after a crash next_batch returns this same batch id, which batch-exact needs
        c.commit();
        if (batchId == null) {
            return false;
        }
        triggers.newBatch();
        if (exact != null && !exact.begin(batchId)) {
            LOG.info("pgq {}: batch {} is recorded in the target already; finishing it without delivering it again",
                    endpoint.getQueue(), batchId);
            queue.finish(c, batchId);
            c.commit();
            return true;
        }
        long delivered = 0;
        events.open(queue.eventSql(c, batchId));
        for (List<PgqEvent> chunk = events.next(); !chunk.isEmpty(); chunk = events.next()) {
            if (endpoint.isBatch()) {
                deliverChunk(c, batchId, chunk, events.atEnd());
            } else {
                for (PgqEvent event : chunk) {
                    deliverOne(c, batchId, event);
                }
            }
            delivered += chunk.size();
            pauses.afterDelivered(batchId, delivered);
        }
        if (exact != null) {
            exact.commit(batchId);
            pauses.beforeFinish(batchId);
        }
        queue.finish(c, batchId);
        c.commit();
        statistics.batches.incrementAndGet();
        return true;
    }

    private void deliverOne(Connection c, long batchId, PgqEvent event) throws Exception {
        Object body;
        try {
            body = body(c, event, batchId);
        } catch (IllegalArgumentException e) {
            failures.failed(c, batchId, event, event, e);
            return;
        }
        Exchange exchange = createExchange(false);
        EventFailures.headers(exchange.getMessage(), batchId, event);
        exchange.getMessage().setBody(body);
        Exception error = process(exchange);
        if (error != null) {
            failures.failed(c, batchId, event, body, error);
        } else {
            statistics.events.incrementAndGet();
        }
    }

    private void deliverChunk(Connection c, long batchId, List<PgqEvent> chunk, boolean last)
            throws Exception {
        List<PgqEvent> events = new ArrayList<>(chunk.size());
        List<Object> bodies = new ArrayList<>(chunk.size());
        for (PgqEvent event : chunk) {
            try {
                bodies.add(body(c, event, batchId));
                events.add(event);
            } catch (IllegalArgumentException e) {
                failures.failed(c, batchId, event, event, e);
            }
        }
        if (bodies.isEmpty()) {
            return;
        }
        Exchange exchange = createExchange(false);
        exchange.getMessage().setHeader(PgqConstants.BATCH_ID, batchId);
        exchange.getMessage().setHeader(PgqConstants.LAST_OF_BATCH, last);
        exchange.getMessage().setBody(bodies);
        Exception error = process(exchange);
        if (error == null) {
            statistics.events.addAndGet(bodies.size());
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            failures.failed(c, batchId, events.get(i), bodies.get(i), error);
        }
    }

    /** A trigger event as a DatabaseChange; else, with urlEncoded, its data as a Map; else the event. */
    private Object body(Connection c, PgqEvent event, long batchId) throws Exception {
        if (TriggerEvents.isTriggerEvent(event)) {
            return triggers.toChange(c, event, batchId);
        }
        return endpoint.isUrlEncoded() ? event.fields() : event;
    }

    /** Runs the route; returns its failure, or null. With exactTarget, a failed exchange's writes are undone. */
    private Exception process(Exchange exchange) throws SQLException {
        if (exact != null) {
            exact.beginExchange();
        }
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception error = exchange.getException();
        releaseExchange(exchange, false);
        if (error != null && exact != null) {
            exact.undoExchange();
        }
        return error;
    }

    /** PgQ's lag and pending events for the metrics, every few seconds (also while idle: lag grows without ticks). */
    private void refreshInfo(Connection c) throws SQLException {
        long now = System.nanoTime();
        if (now - nextInfo >= 0) {
            long[] info = queue.lagAndPending(c);
            c.commit();
            if (info != null) {
                statistics.report(info[0], info[1]);
            }
            nextInfo = now + INFO_EVERY_NANOS;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("pgq: rollback after a failure failed too", e);
        }
    }

    @Override
    public Problem readinessProblem() {
        return loop == null ? null : loop.problem();
    }

    @Override
    public Problem livenessProblem() {
        return loop == null ? null : loop.livenessProblem();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pgq.queue", endpoint.getQueue());
        details.put("pgq.consumer", endpoint.getConsumerName());
        if (statistics != null) {
            statistics.snapshot().forEach((k, v) -> details.put("pgq." + k, v));
        }
        return details;
    }

    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }
}
