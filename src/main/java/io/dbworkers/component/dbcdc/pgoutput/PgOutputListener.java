package io.dbworkers.component.dbcdc.pgoutput;

import io.dbworkers.change.DatabaseChange;

/** What {@link PgOutputDecoder} reads from the replication stream, in stream (commit) order. */
public interface PgOutputListener {

    /**
     * A transaction starts.
     *
     * @param finalLsn   the LSN of its commit record: unique, and increasing from one transaction to the next
     * @param commitTime its commit time, microseconds since 1970
     * @param xid        its transaction id
     */
    void begin(long finalLsn, long commitMicros, long xid);

    /** A row change of the transaction; its source position is the LSN of the change, as Debezium gives it. */
    void change(DatabaseChange change, long lsn, int bytes) throws InterruptedException;

    /** The transaction ends; {@code endLsn} is the end of its commit record, the position to confirm after it. */
    void commit(long endLsn);
}
