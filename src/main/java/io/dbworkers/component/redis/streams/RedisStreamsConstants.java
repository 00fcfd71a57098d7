package io.dbworkers.component.redis.streams;

import org.apache.camel.spi.Metadata;

/** Headers read by the {@code redis-streams} producer and set by its consumer. */
public final class RedisStreamsConstants {

    @Metadata(description = "The stream of the entry (consumer, per-message exchanges); the stream to add to instead"
                            + " of the endpoint's (producer)", javaType = "String")
    public static final String STREAM = "CamelRedisStreamsStream";
    @Metadata(description = "The id of the entry read (consumer, per-message exchanges) or added (producer)",
              javaType = "String")
    public static final String ENTRY_ID = "CamelRedisStreamsEntryId";
    @Metadata(label = "consumer", description = "How many times the entry has been delivered, this time included"
                                                + " (per-message exchanges)", javaType = "Long")
    public static final String DELIVERY_COUNT = "CamelRedisStreamsDeliveryCount";

    @Metadata(label = "consumer", description = "Set when the stream name or a field of the entry is not valid UTF-8:"
                                                + " which one and where, e.g. field 'metadata' is not valid UTF-8"
                                                + " (byte 0xFF at offset 3). Such text is shown with each stray byte as"
                                                + " \\xFF (per-message exchanges)", javaType = "String")
    public static final String MALFORMED = "CamelRedisStreamsMalformed";

    @Metadata(label = "consumer", description = "The COUNT the read asked of each stream (batch exchanges): count, or"
                                                + " fewer when maxBatchBytes would not hold that many. A batch with"
                                                + " fewer entries than this found every stream drained",
              javaType = "Integer")
    public static final String READ_COUNT = "CamelRedisStreamsReadCount";

    private RedisStreamsConstants() {
    }
}
