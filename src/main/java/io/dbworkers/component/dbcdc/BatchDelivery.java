package io.dbworkers.component.dbcdc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.support.Problem;
import io.dbworkers.support.SupervisedLoop;

/**
 * The consumer's side of the {@link BatchPipeline}: hands each batch to the route as one exchange (asynchronously,
 * so an asynchronous step such as the RabbitMQ publisher lets the next batch go out while its confirms are
 * outstanding), reports failed exchanges to the consumer's exception handler and readiness, and commits completed
 * batches through the consumer's reader. The pipeline runs on a thread of its own, in a {@link SupervisedLoop}.
 */
final class BatchDelivery implements BatchPipeline.Route {

    private static final Logger LOG = LoggerFactory.getLogger(BatchDelivery.class);
    /** Batches between the engine and their commit: enough to keep the route busy while confirms come back. */
    private static final int PIPELINE_BATCHES = 4;

    private final DbCdcConsumer consumer;
    private final DbCdcEndpoint endpoint;
    private final String name;
    private final BatchPipeline pipeline = new BatchPipeline(PIPELINE_BATCHES, this);
    private final SupervisedLoop loop;
    private ExecutorService executor;
    private volatile Problem problem;

    BatchDelivery(DbCdcConsumer consumer, DbCdcEndpoint endpoint, String name) {
        this.consumer = consumer;
        this.endpoint = endpoint;
        this.name = name;
        this.loop = new SupervisedLoop("db-cdc:" + name + " delivery", LOG,
                Duration.ofMillis(endpoint.getRetryDelay()), Duration.ofMillis(endpoint.getMaxRetryDelay()),
                pipeline::run);
    }

    BatchPipeline pipeline() {
        return pipeline;
    }

    void start() {
        executor = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(consumer, "db-cdc-" + name + "-delivery");
        loop.start(executor);
    }

    /** Stops handing out batches; what was not committed is read again on the next start. */
    void stop() {
        loop.stop();
        pipeline.close();
    }

    void shutdown() {
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    /** A change that keeps failing, or a commit that failed; null while batches complete. */
    Problem problem() {
        Problem failing = problem;
        return failing != null ? failing : loop.problem();
    }

    Problem livenessProblem() {
        return loop.livenessProblem();
    }

    @Override
    public void deliver(BatchPipeline.PipelineBatch pipelineBatch) {
        BatchPipeline.PipelineBatch batch = pipelineBatch;
        Exchange exchange = null;
        try {
            Object changes = batch.body();
            exchange = consumer.createExchange(false);
            exchange.getMessage().setBody(changes);
            DatabaseChange last = (DatabaseChange) (changes instanceof List<?> list ? list.get(list.size() - 1)
                    : changes);
            if (changes instanceof DatabaseChange) {
                exchange.getMessage().setHeader(DbCdcConstants.TABLE, last.qualifiedTable());
                exchange.getMessage().setHeader(DbCdcConstants.CHANGE_TYPE, last.changeType().name());
            } else {
                exchange.getMessage().setHeader(DbCdcConstants.BATCH_SIZE, ((List<?>) changes).size());
            }
            exchange.getMessage().setHeader(DbCdcConstants.POSITION, last.source().position());
            Exchange delivered = exchange;
            consumer.getAsyncProcessor().process(exchange,
                    doneSync -> completed(batch, delivered, delivered.getException()));
        } catch (Exception e) {
            // a record that cannot be converted stops the capture too: skipping it would lose a change
            completed(batch, exchange, e);
        }
    }

    private void completed(BatchPipeline.PipelineBatch batch, Exchange exchange, Exception failure) {
        if (failure != null) {
            Problem previous = problem;
            int attempts = previous == null ? 1 : previous.attempts() + 1;
            String text = "db-cdc:" + name + " could not complete an exchange (attempt " + attempts
                    + "); the change" + (endpoint.isBatch() ? "s of the batch are" : " is") + " delivered again in "
                    + consumer.backoff(attempts) + " ms and nothing after " + (endpoint.isBatch() ? "them" : "it")
                    + " is committed";
            problem = previous == null ? Problem.of(text, failure) : previous.again(text, failure);
            consumer.getExceptionHandler().handleException(text, exchange, failure);
        }
        if (exchange != null) {
            consumer.releaseExchange(exchange, false);
        }
        pipeline.completed(batch, failure);
    }

    /** Commits completed batches through the reader: one offset save for all of them. */
    @Override
    public void commit(List<BatchPipeline.PipelineBatch> batches) throws Exception {
        consumer.reader().commit(batches);
        // cleared only here: a later batch completing while an earlier one failed does not make the capture healthy
        problem = null;
        loop.healthy();
    }

    @Override
    public long redeliveryDelay() {
        Problem failing = problem;
        return consumer.backoff(failing == null ? 1 : failing.attempts());
    }
}
