package io.dbworkers.component.redis.streams;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry read from a stream by a consumer group.
 *
 * @param stream        the stream it was read from, never null
 * @param id            its entry id, e.g. {@code 1700000000000-0}, never null
 * @param fields        its fields in the order they were added; never null, unmodifiable
 * @param deliveryCount how many times the group has delivered it, this time included (1 on first delivery)
 */
public record StreamMessage(String stream, String id, Map<String, String> fields, long deliveryCount) {

    public StreamMessage {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(id, "id");
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
