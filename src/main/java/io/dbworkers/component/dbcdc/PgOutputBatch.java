package io.dbworkers.component.dbcdc;

import java.util.List;

import io.dbworkers.change.DatabaseChange;

/**
 * Changes of the pgoutput reader on their way through the {@link BatchPipeline}, with what their commit saves and
 * confirms.
 *
 * @see PgOutputReader
 */
final class PgOutputBatch extends BatchPipeline.PipelineBatch {

    private final List<DatabaseChange> changes;
    private final boolean asList;
    /** The position of the last change, saved when the batch is committed. */
    final PgOutputOffset offset;
    /** The end of the last transaction all of whose changes are in this batch or before: confirmed to the slot. */
    final long flushLsn;

    PgOutputBatch(List<DatabaseChange> changes, boolean asList, PgOutputOffset offset, long flushLsn) {
        this.changes = changes;
        this.asList = asList;
        this.offset = offset;
        this.flushLsn = flushLsn;
    }

    @Override
    Object body() {
        return asList ? changes : changes.get(0);
    }

    @Override
    boolean hasBody() {
        return !changes.isEmpty();
    }
}
