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
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.deadletter.DeadLetters;
import io.dbworkers.support.ConsumerStatus;
import io.dbworkers.support.OutageLog;
import io.dbworkers.support.Problem;
import io.dbworkers.support.SupervisedLoop;

/**
 * The PgQ loop, on one thread of Camel's: next batch, its events through a cursor in chunks of {@code fetchSize},
 * each delivered (or each chunk, with {@code batch}), failed ones handed to PgQ's retry queue or, after
 * {@code maxRetries}, to the dead-letter channel, then {@code pgq.finish_batch} and commit, all in one transaction
 * (see {@link PgqEndpoint} for the guarantee). While batches come it asks for the next one at once; only an idle
 * queue makes it wait {@code idleDelay}. Any failure rolls the batch back and restarts the loop with backoff
 * ({@link SupervisedLoop}), so the same batch comes again.
 */
public class PgqConsumer extends DefaultConsumer implements ConsumerStatus, HealthCheckAware {

    private static final Logger LOG = LoggerFactory.getLogger(PgqConsumer.class);
    /** Test-only: after this many events of a batch, say so in the log and wait to be killed (kill -9 tests). */
    static final String PAUSE_AFTER_ENV = "DB_WORKERS_PGQ_TEST_PAUSE_AFTER";
    /** Test-only: with exactTarget, pause between the target's commit and finish_batch (kill -9 tests). */
    static final String PAUSE_BEFORE_FINISH_ENV = "DB_WORKERS_PGQ_TEST_PAUSE_BEFORE_FINISH";
    private static final long INFO_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PgqEndpoint endpoint;
    private final PgqQueue queue;
    private final TriggerEvents triggers = new TriggerEvents();
    private final long pauseAfter = pauseAfter();
    private final boolean pauseBeforeFinish = System.getenv(PAUSE_BEFORE_FINISH_ENV) != null;
    private BatchTarget exact;
    private PgqStatistics statistics;
    private SupervisedLoop loop;
    private ExecutorService executor;
    private ProducerTemplate deadLetters;
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
        validate();
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
        super.doStart();
        String name = "pgq " + endpoint.getQueue() + " as " + endpoint.getConsumerName();
        loop = new SupervisedLoop(name, LOG, Duration.ofMillis(200), Duration.ofSeconds(30), this::consume);
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "PgqConsumer[" + endpoint.getQueue() + "]");
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
        if (deadLetters != null) {
            deadLetters.stop();
        }
        super.doStop();
    }

    private void validate() {
        if (endpoint.getDataSource() == null) {
            throw new ConfigurationException("pgq:" + endpoint.getQueue(), "no dataSource (none or several"
                    + " DataSource beans in the registry; set dataSource=#name)");
        }
        if (endpoint.getConsumerName() == null || endpoint.getConsumerName().isBlank()) {
            throw new ConfigurationException("consumerName", "is empty");
        }
        atLeast("fetchSize", endpoint.getFetchSize(), 1);
        atLeast("maxRetries", endpoint.getMaxRetries(), 0);
        atLeast("retryDelay", endpoint.getRetryDelay(), 0);
        atLeast("idleDelay", endpoint.getIdleDelay(), 1);
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new ConfigurationException(option, value + " is less than " + min);
        }
    }

    private void consume(SupervisedLoop supervised) throws Exception {
        DataSource dataSource = endpoint.getDataSource();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                queue.prepare(c, endpoint.isCreateQueue(), endpoint.isRegister());
                while (supervised.isRunning()) {
                    boolean worked = step(c);
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
    private boolean step(Connection c) throws Exception {
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
        List<PgqEvent> chunk = queue.open(c, batchId, endpoint.getFetchSize());
        while (!chunk.isEmpty()) {
            List<PgqEvent> next = chunk.size() < endpoint.getFetchSize() ? List.of()
                    : queue.fetch(c, endpoint.getFetchSize());
            if (endpoint.isBatch()) {
                deliverChunk(c, batchId, chunk, next.isEmpty());
            } else {
                for (PgqEvent event : chunk) {
                    deliverOne(c, batchId, event);
                }
            }
            delivered += chunk.size();
            pauseIfTesting(batchId, delivered);
            chunk = next;
        }
        queue.close(c);
        if (exact != null) {
            exact.commit(batchId);
            if (pauseBeforeFinish) {
                pause("pgq test pause: batch " + batchId + " is committed in the target and not finished");
            }
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
            failed(c, batchId, event, event, e);
            return;
        }
        Exchange exchange = createExchange(false);
        headers(exchange.getMessage(), batchId, event);
        exchange.getMessage().setBody(body);
        Exception error = process(exchange);
        if (error != null) {
            failed(c, batchId, event, body, error);
        } else {
            statistics.events.incrementAndGet();
        }
    }

    private void deliverChunk(Connection c, long batchId, List<PgqEvent> events, boolean last) throws Exception {
        Map<PgqEvent, Object> bodies = new LinkedHashMap<>();
        for (PgqEvent event : events) {
            try {
                bodies.put(event, body(c, event, batchId));
            } catch (IllegalArgumentException e) {
                failed(c, batchId, event, event, e);
            }
        }
        if (bodies.isEmpty()) {
            return;
        }
        Exchange exchange = createExchange(false);
        exchange.getMessage().setHeader(PgqConstants.BATCH_ID, batchId);
        exchange.getMessage().setHeader(PgqConstants.LAST_OF_BATCH, last);
        exchange.getMessage().setBody(new ArrayList<>(bodies.values()));
        Exception error = process(exchange);
        if (error == null) {
            statistics.events.addAndGet(bodies.size());
            return;
        }
        for (Map.Entry<PgqEvent, Object> event : bodies.entrySet()) {
            failed(c, batchId, event.getKey(), event.getValue(), error);
        }
    }

    private Object body(Connection c, PgqEvent event, long batchId) throws SQLException {
        return TriggerEvents.isTriggerEvent(event) ? triggers.toChange(c, event, batchId) : event;
    }

    private static void headers(Message message, long batchId, PgqEvent event) {
        message.setHeader(PgqConstants.BATCH_ID, batchId);
        message.setHeader(PgqConstants.EVENT_ID, event.id());
        message.setHeader(PgqConstants.TYPE, event.type());
        message.setHeader(PgqConstants.RETRY, event.retry());
        message.setHeader(PgqConstants.EXTRA1, event.extra1());
        message.setHeader(PgqConstants.EXTRA2, event.extra2());
        message.setHeader(PgqConstants.EXTRA3, event.extra3());
        message.setHeader(PgqConstants.EXTRA4, event.extra4());
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

    /** A failed event: into PgQ's retry queue, or, retried maxRetries times already, to the dead-letter channel. */
    private void failed(Connection c, long batchId, PgqEvent event, Object body, Exception error) throws Exception {
        if (event.retry() < endpoint.getMaxRetries()) {
            int seconds = (int) Math.ceil(endpoint.getRetryDelay() / 1000.0);
            queue.retry(c, batchId, event.id(), seconds);
            statistics.retries.incrementAndGet();
            LOG.warn("pgq {}: event {} failed ({}); retry {} of {} in {} s", endpoint.getQueue(), event.id(),
                    OutageLog.oneLine(error), event.retry() + 1, endpoint.getMaxRetries(),
                    seconds);
            return;
        }
        Exchange letter = getEndpoint().createExchange();
        headers(letter.getMessage(), batchId, event);
        letter.getMessage().setBody(body);
        letter.setProperty(Exchange.EXCEPTION_CAUGHT, error);
        letter.setProperty(Exchange.FAILURE_ROUTE_ID, getRouteId());
        letter.setProperty(DeadLetters.REDELIVERIES_PROPERTY, event.retry());
        deadLetters.send(endpoint.getDeadLetterUri(), letter);
        if (letter.getException() != null) {
            // the batch is not finished: it comes again, and this event with it
            throw new IllegalStateException("the dead-letter write of event " + event.id() + " failed",
                    letter.getException());
        }
        statistics.deadLetters.incrementAndGet();
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

    private void pauseIfTesting(long batchId, long delivered) throws InterruptedException {
        if (pauseAfter > 0 && delivered >= pauseAfter) {
            pause("pgq test pause: batch " + batchId + " has " + delivered + " events delivered and is not finished");
        }
    }

    private static void pause(String announcement) throws InterruptedException {
        LOG.warn(announcement);
        Thread.sleep(Long.MAX_VALUE);
    }

    private static long pauseAfter() {
        String value = System.getenv(PAUSE_AFTER_ENV);
        return value == null || value.isBlank() ? 0 : Long.parseLong(value.trim());
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
