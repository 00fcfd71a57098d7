package io.dbworkers.component.dbcdc;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.support.SupervisedLoop;

/**
 * Runs Debezium's embedded engine and hands its records to the pipeline: one batch per engine batch (batch mode) or
 * one per record. Records are marked processed, and so committed by the engine, only once the pipeline says their
 * exchanges completed; when the engine fails, {@link #run} returns the failure and the consumer starts it again.
 */
final class DebeziumReader implements CaptureReader,
        DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumReader.class);
    private static final long CLOSE_TIMEOUT_MILLIS = 60_000;

    private final DbCdcConsumer consumer;
    private final DbCdcEndpoint endpoint;
    private final CaptureConfig config;
    private final String offsetStoreKey;
    private final Object lock = new Object();
    private volatile DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile boolean closed;

    DebeziumReader(DbCdcConsumer consumer, DbCdcEndpoint endpoint, CaptureConfig config, String offsetStoreKey) {
        this.consumer = consumer;
        this.endpoint = endpoint;
        this.config = config;
        this.offsetStoreKey = offsetStoreKey;
    }

    /** Runs the engine once, until it stops; the failure it reported, or null when the consumer stopped it. */
    @Override
    public Throwable run(SupervisedLoop self) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> message = new AtomicReference<>();
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> created = DebeziumEngine.create(Connect.class)
                .using(config.toDebezium(endpoint, offsetStoreKey))
                .using((success, text, error) -> {
                    if (!success) {
                        message.set(text);
                        failure.set(error);
                    }
                })
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        consumer.connected(self);
                    }
                })
                .notifying(this)
                .build();
        synchronized (lock) {
            if (!self.isRunning() || closed) {
                return null;
            }
            engine = created;
            consumer.pipeline().reopen();
        }
        try {
            // returns when the engine stopped: closed by doStop, or failed (it cleans up after itself then)
            created.run();
        } finally {
            synchronized (lock) {
                engine = null;
                // what was not committed is read again by the next run of the engine
                consumer.pipeline().close();
            }
        }
        return failure.get() != null ? failure.get()
                : new IllegalStateException(message.get() != null ? message.get() : "the engine stopped");
    }

    /**
     * Hands the engine's records to the pipeline, as one batch (batch mode) or one exchange per record, and returns
     * as soon as it holds them: they are committed later, in order, once their exchanges completed.
     */
    @Override
    public void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        if (endpoint.isBatch()) {
            offer(new EngineBatch(records, committer, true));
            return;
        }
        for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
            offer(new EngineBatch(List.of(record), committer, false));
        }
    }

    private void offer(EngineBatch batch) throws InterruptedException {
        batch.convert();
        if (!consumer.running() || !consumer.pipeline().offer(batch)) {
            throw new InterruptedException("db-cdc:" + config.name() + " stopped before its changes completed");
        }
    }

    /** Marks the records of completed batches processed and lets the engine commit them (one flush for all). */
    @Override
    public void commit(List<BatchPipeline.PipelineBatch> batches) throws InterruptedException {
        DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer = null;
        for (BatchPipeline.PipelineBatch done : batches) {
            EngineBatch batch = (EngineBatch) done;
            if (committer != null && committer != batch.committer) {
                finish(committer);
            }
            committer = batch.committer;
            for (ChangeEvent<SourceRecord, SourceRecord> record : batch.records) {
                committer.markProcessed(record);
            }
        }
        if (committer != null) {
            finish(committer);
        }
    }

    /**
     * Confirms the position to the slot, then saves the offset. The slot may be a moment ahead of the saved offset,
     * which is safe: only completed batches get here, and after a crash the server resumes at the slot's position,
     * past changes that were all delivered. The other way round, a reader of the offset could see a position the
     * slot does not have yet.
     */
    private static void finish(DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        SlotConfirmation.confirmNow(committer);
        committer.markBatchFinished();
    }

    /** Stops the engine; it refuses while its tasks are starting (connecting, creating the slot), so try again. */
    @Override
    public void close() throws Exception {
        DebeziumEngine<?> running;
        synchronized (lock) {
            closed = true;
            running = engine;
        }
        if (running == null) {
            return;
        }
        long deadline = System.currentTimeMillis() + CLOSE_TIMEOUT_MILLIS;
        while (true) {
            try {
                running.close();
                return;
            } catch (IllegalStateException e) {
                boolean starting = String.valueOf(e.getMessage()).contains("starting");
                if (!starting || System.currentTimeMillis() > deadline) {
                    // already stopping or stopped on its own
                    LOG.debug("db-cdc:{} engine not closed: {}", config.name(), e.getMessage());
                    return;
                }
                Thread.sleep(100);
            }
        }
    }
}
