package io.dbworkers.component.redis.streams;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry read from a stream by a consumer group. Redis keys and values are bytes: those that are not valid UTF-8
 * are shown here with each stray byte as {@code \xFF}, and {@code malformed} says so; a route should dead-letter such
 * an entry rather than store the shown text.
 *
 * @param stream        the stream it was read from, never null
 * @param id            its entry id, e.g. {@code 1700000000000-0}, never null
 * @param fields        its fields in the order they were added; never null, unmodifiable
 * @param deliveryCount how many times the group has delivered it, this time included (1 on first delivery)
 * @param malformed     null when the stream name and every field are valid UTF-8; else which one is not and where,
 *                      e.g. {@code field 'metadata' is not valid UTF-8 (byte 0xFF at offset 3)}
 */
public record StreamMessage(String stream, String id, Map<String, String> fields, long deliveryCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) String malformed) {

    public StreamMessage {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(id, "id");
        fields = fields == null ? Map.of() : fields instanceof ReadFields ? fields
                : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An entry of valid UTF-8 text. */
    public StreamMessage(String stream, String id, Map<String, String> fields, long deliveryCount) {
        this(stream, id, fields, deliveryCount, null);
    }

    /**
     * The fields of an entry as the consumer read them, kept without a copy: a read-only view of a map that nothing
     * else changes (the reader made it and let go of it).
     */
    static final class ReadFields extends AbstractMap<String, String> {

        private final Map<String, String> fields;

        ReadFields(Map<String, String> fields) {
            this.fields = Collections.unmodifiableMap(fields);
        }

        @Override
        public String get(Object key) {
            return fields.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return fields.containsKey(key);
        }

        @Override
        public int size() {
            return fields.size();
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return fields.entrySet();
        }
    }
}
