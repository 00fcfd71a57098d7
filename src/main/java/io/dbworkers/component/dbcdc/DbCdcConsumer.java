package io.dbworkers.component.dbcdc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Processor;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.support.ConsumerStatus;
import io.dbworkers.support.OutageLog;
import io.dbworkers.support.Problem;
import io.dbworkers.support.SupervisedLoop;

/**
 * Reads the log with its {@link CaptureReader} (pgoutput directly, or Debezium's embedded engine) and hands the changes
 * to the route through the {@link BatchPipeline}. A change is committed only after its exchange completed; a failed
 * exchange is run again with backoff until it completes or the consumer stops, so the capture never moves past it.
 * When the reader itself fails (the database is down, the slot is in use) the failure goes to the exception handler
 * and the reader is started again with backoff.
 * <p>
 * On PostgreSQL the publication and the replication slot are created before the consumer counts as started (see
 * {@link CaptureSetup}), so every change committed once the route runs is captured. The reader runs in a
 * {@link SupervisedLoop}: anything else it throws, an {@code Error} included, makes the consumer not ready with the
 * reason, and the reader is started again.
 */
public class DbCdcConsumer extends DefaultConsumer implements ConsumerStatus {

    private static final Logger LOG = LoggerFactory.getLogger(DbCdcConsumer.class);

    /** How long a stop waits for the exchanges in flight to complete. */
    private static final long STOP_DRAIN_MILLIS = 10_000;

    private final DbCdcEndpoint endpoint;
    private final Object pause = new Object();
    private volatile CaptureReader reader;
    private CaptureConfig config;
    private String offsetStoreKey;
    private StateRepository<String, String> offsets;
    private ExecutorService executor;
    private volatile SupervisedLoop loop;
    private volatile BatchDelivery delivery;
    private volatile boolean prepared;
    private volatile Problem engineProblem;

    public DbCdcConsumer(DbCdcEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        setHealthCheck(new DbCdcHealthCheck(this, getRouteId()));
        super.doStart();
        config = CaptureConfig.of(endpoint);
        engineProblem = null;
        prepared = false;
        try {
            CaptureSetup.prepare(config, endpoint);
            prepared = true;
        } catch (SQLException e) {
            if (!CaptureSetup.isUnreachable(e)) {
                throw new ConfigurationException("url", "cannot set up the capture on " + config + ": "
                        + OutageLog.oneLine(e));
            }
            // not ready until the loop has created the slot: what commits before that is not captured
            engineProblem = Problem.of("db-cdc:" + config.name() + " cannot reach " + config + ": "
                    + OutageLog.oneLine(e), e);
            LOG.warn("{}; trying again in the background", engineProblem.message());
        }
        offsets = endpoint.resolveOffsetStore();
        ServiceHelper.startService(offsets);
        offsetStoreKey = StateRepositoryOffsetBackingStore.register(offsets);
        executor = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "db-cdc-" + config.name());
        delivery = new BatchDelivery(this, endpoint, config.name());
        reader = config.isPgOutput() ? new PgOutputReader(this, endpoint, config)
                : new DebeziumReader(this, endpoint, config, offsetStoreKey);
        delivery.start();
        loop = new SupervisedLoop("db-cdc:" + config.name(), LOG, Duration.ofMillis(endpoint.getRetryDelay()),
                Duration.ofMillis(endpoint.getMaxRetryDelay()), this::capture);
        loop.start(executor);
        LOG.info("db-cdc:{} capturing {} tables {} with {}", config.name(), config,
                config.tables().isEmpty() ? "(all)" : config.tables(), config.reader());
    }

    @Override
    protected void doStop() throws Exception {
        CaptureReader running;
        synchronized (pause) {
            if (loop != null) {
                loop.stop();
            }
            if (delivery != null && !(reader instanceof PgOutputReader)) {
                delivery.stop();
            }
            pause.notifyAll();
            running = reader;
        }
        if (running instanceof PgOutputReader && delivery != null) {
            // nothing more is read; let the exchanges in flight complete and commit, so a clean restart repeats none
            if (!delivery.pipeline().awaitSettled(STOP_DRAIN_MILLIS)) {
                LOG.info("db-cdc:{} stopped with changes in flight; they are delivered again on the next start",
                        config.name());
            }
            delivery.stop();
        }
        if (running != null) {
            running.close();
        }
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        if (delivery != null) {
            delivery.shutdown();
        }
        StateRepositoryOffsetBackingStore.unregister(offsetStoreKey);
        if (offsets != null && endpoint.ownsOffsetStore()) {
            ServiceHelper.stopService(offsets);
        }
        offsets = null;
        super.doStop();
    }

    /** Why the consumer does not capture now: a change keeps failing, the capture is down, or its loop failed. */
    @Override
    public Problem readinessProblem() {
        Problem failing = delivery == null ? null : delivery.problem();
        if (failing != null) {
            return failing;
        }
        Problem capture = engineProblem;
        if (capture != null) {
            return capture;
        }
        SupervisedLoop current = loop;
        return current == null ? null : current.problem();
    }

    /** Only a capture thread that ended although it should run: a database that is down is a readiness problem. */
    @Override
    public Problem livenessProblem() {
        SupervisedLoop current = loop;
        Problem captureLoop = current == null ? null : current.livenessProblem();
        return captureLoop != null || delivery == null ? captureLoop : delivery.livenessProblem();
    }

    @Override
    public Map<String, Object> details() {
        return config == null || !config.isPostgres() ? Map.of()
                : Map.of("slot", config.slotName(), "publication", config.publicationName());
    }

    boolean running() {
        SupervisedLoop current = loop;
        return current != null && current.isRunning() && isRunAllowed();
    }

    /**
     * The loop's body: runs the reader until the consumer stops, starting it again with backoff after the reader
     * reported a failure. What is thrown here instead goes to the {@link SupervisedLoop}.
     */
    private void capture(SupervisedLoop self) throws Exception {
        while (self.isRunning()) {
            Throwable error;
            try {
                if (!prepared) {
                    CaptureSetup.prepare(config, endpoint);
                    prepared = true;
                }
                error = reader.run(self);
            } catch (SQLException | RuntimeException e) {
                error = e;
            }
            if (!self.isRunning()) {
                return;
            }
            Problem previous = engineProblem;
            int attempts = previous == null ? 1 : previous.attempts() + 1;
            long delay = backoff(attempts);
            String text = "db-cdc:" + config.name() + " capture failed; starting again in " + delay + " ms";
            engineProblem = previous == null ? Problem.of(text, error) : previous.again(text, error);
            getExceptionHandler().handleException(text, error);
            if (!pauseFor(delay)) {
                return;
            }
        }
    }

    /** The reader streams: the capture is healthy again. */
    void connected(SupervisedLoop self) {
        engineProblem = null;
        self.healthy();
    }

    BatchPipeline pipeline() {
        return delivery.pipeline();
    }

    CaptureReader reader() {
        return reader;
    }

    StateRepository<String, String> offsets() {
        return offsets;
    }

    /** retryDelay, doubled after each failed attempt, up to maxRetryDelay. */
    long backoff(int attempts) {
        long delay = endpoint.getRetryDelay();
        for (int i = 1; i < attempts && delay < endpoint.getMaxRetryDelay(); i++) {
            delay *= 2;
        }
        return Math.min(delay, endpoint.getMaxRetryDelay());
    }

    /** Waits, waking early when the consumer stops; false when it stopped. */
    private boolean pauseFor(long millis) {
        long until = System.currentTimeMillis() + millis;
        synchronized (pause) {
            long left;
            while (running() && (left = until - System.currentTimeMillis()) > 0) {
                try {
                    pause.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return running();
    }
}
