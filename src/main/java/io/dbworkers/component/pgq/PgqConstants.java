package io.dbworkers.component.pgq;

import org.apache.camel.spi.Metadata;

/** Headers set by the {@code pgq} consumer and read by its producer. */
public final class PgqConstants {

    @Metadata(label = "consumer", description = "The id of the PgQ batch the event came in", javaType = "Long")
    public static final String BATCH_ID = "CamelPgqBatchId";
    @Metadata(label = "consumer", description = "The event id (ev_id); null for a batch exchange", javaType = "Long")
    public static final String EVENT_ID = "CamelPgqEventId";
    @Metadata(description = "The event type (ev_type): read by the consumer, written by the producer instead of the"
                            + " endpoint's eventType", javaType = "String")
    public static final String TYPE = "CamelPgqType";
    @Metadata(label = "consumer", description = "How often the event was retried before (ev_retry, 0 the first time)",
              javaType = "Integer")
    public static final String RETRY = "CamelPgqRetry";
    @Metadata(description = "ev_extra1 (for trigger events: the table)", javaType = "String")
    public static final String EXTRA1 = "CamelPgqExtra1";
    @Metadata(description = "ev_extra2", javaType = "String")
    public static final String EXTRA2 = "CamelPgqExtra2";
    @Metadata(description = "ev_extra3", javaType = "String")
    public static final String EXTRA3 = "CamelPgqExtra3";
    @Metadata(description = "ev_extra4", javaType = "String")
    public static final String EXTRA4 = "CamelPgqExtra4";
    @Metadata(label = "consumer", description = "Batch exchanges: whether this exchange holds the last events of its"
                                                + " PgQ batch", javaType = "Boolean")
    public static final String LAST_OF_BATCH = "CamelPgqLastOfBatch";

    private PgqConstants() {
    }
}
