package io.dbworkers.component.dbpoll;

import org.apache.camel.spi.Metadata;

/** Headers set by the {@code db-poll} consumer. */
public final class DbPollConstants {

    @Metadata(description = "The table the change (or batch) came from, as schema.table", javaType = "String")
    public static final String TABLE = "CamelDbPollTable";
    @Metadata(description = "INSERT, UPDATE, DELETE or READ (per-change exchanges only)", javaType = "String")
    public static final String CHANGE_TYPE = "CamelDbPollChangeType";
    @Metadata(description = "The number of changes in the batch (batch exchanges only)", javaType = "Integer")
    public static final String BATCH_SIZE = "CamelDbPollBatchSize";

    private DbPollConstants() {
    }
}
