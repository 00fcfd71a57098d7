package io.dbworkers.component.dbcdc;

import java.util.List;

import io.dbworkers.support.SupervisedLoop;

/**
 * How the consumer reads the log: Debezium's embedded engine ({@link DebeziumReader}) or pgoutput read directly
 * ({@link PgOutputReader}). A reader offers batches to the consumer's {@link BatchPipeline} and commits them when the
 * pipeline says they completed, in order.
 */
interface CaptureReader {

    /**
     * Reads until the loop stops or the reader fails: the failure, or null when the consumer stopped it. Calls
     * {@link DbCdcConsumer#connected} once it streams.
     */
    Throwable run(SupervisedLoop self) throws Exception;

    /** Saves the position of these completed batches (oldest first) and confirms it to the database. */
    void commit(List<BatchPipeline.PipelineBatch> batches) throws Exception;

    /** Stops a running {@link #run} from another thread. */
    void close() throws Exception;
}
