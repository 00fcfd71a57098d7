package io.dbworkers.component.dbcdc;

import java.util.ArrayList;
import java.util.List;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import org.apache.kafka.connect.source.SourceRecord;

import io.dbworkers.change.DatabaseChange;

/**
 * Records of the engine on their way through the {@link BatchPipeline}: in batch mode all the records of one engine
 * batch, whose body is the list of their changes; otherwise one record, whose body is its change. Records that are no
 * change (heartbeats) have none: a batch of only those is committed without an exchange.
 */
final class EngineBatch extends BatchPipeline.PipelineBatch {

    final List<ChangeEvent<SourceRecord, SourceRecord>> records;
    final DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer;
    private final boolean asList;
    private Object body;
    private boolean converted;

    EngineBatch(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer, boolean asList) {
        this.records = records;
        this.committer = committer;
        this.asList = asList;
    }

    /**
     * Converts the records on the engine's thread, while the route works on earlier batches. A record that cannot
     * be converted is left for {@link #body()}, which fails the batch's delivery with the reason (and is tried
     * again), so that such a record stops the capture instead of being skipped.
     */
    void convert() {
        try {
            body();
        } catch (RuntimeException e) {
            // reported when the batch is delivered
        }
    }

    /** The list of changes (batch mode) or the change; null when the records hold no change. */
    @Override
    Object body() {
        if (!converted) {
            if (asList) {
                List<DatabaseChange> changes = new ArrayList<>(records.size());
                for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                    DatabaseChange change = ChangeConverter.toChange(record.value());
                    if (change != null) {
                        changes.add(change);
                    }
                }
                body = changes.isEmpty() ? null : changes;
            } else {
                body = ChangeConverter.toChange(records.get(0).value());
            }
            converted = true;
        }
        return body;
    }

    @Override
    boolean hasBody() {
        try {
            return body() != null;
        } catch (RuntimeException e) {
            return true;
        }
    }
}
