package io.dbworkers.component.redis.streams;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
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
     * The fields of an entry as the consumer read them: names and values in one array, in the order Redis sent them,
     * never changed after the reader made it. Unmodifiable; lookups compare the few names one by one.
     */
    static final class ReadFields extends AbstractMap<String, String> {

        /** name, value, name, value, ...; names are distinct */
        private final String[] pairs;

        /** @param pairs names and values alternating, handed over: nothing changes it afterwards */
        ReadFields(String[] pairs) {
            this.pairs = pairs;
        }

        static ReadFields copyOf(Map<String, String> fields) {
            String[] pairs = new String[fields.size() * 2];
            int i = 0;
            for (Map.Entry<String, String> field : fields.entrySet()) {
                pairs[i++] = field.getKey();
                pairs[i++] = field.getValue();
            }
            return new ReadFields(pairs);
        }

        /** Whether every name and value is ASCII (see {@link RawText#isAscii(String)}). */
        boolean isAscii() {
            for (String text : pairs) {
                if (!RawText.isAscii(text)) {
                    return false;
                }
            }
            return true;
        }

        private int index(Object key) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public String get(Object key) {
            int i = index(key);
            return i < 0 ? null : pairs[i + 1];
        }

        @Override
        public boolean containsKey(Object key) {
            return index(key) >= 0;
        }

        @Override
        public int size() {
            return pairs.length / 2;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < pairs.length;
                        }

                        @Override
                        public Entry<String, String> next() {
                            if (next >= pairs.length) {
                                throw new NoSuchElementException();
                            }
                            next += 2;
                            return new SimpleImmutableEntry<>(pairs[next - 2], pairs[next - 1]);
                        }
                    };
                }

                @Override
                public int size() {
                    return pairs.length / 2;
                }
            };
        }
    }
}
