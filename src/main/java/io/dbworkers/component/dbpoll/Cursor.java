package io.dbworkers.component.dbpoll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.dbworkers.change.ChangeJson;

/**
 * Where polling of one table stands: the timestamp and key of the last row delivered. In safety-lag mode it also
 * holds the rows already delivered within the lag window, so that a late row is delivered and an early one is not
 * delivered twice. Immutable; saved as JSON in the offset store.
 *
 * @param timestamp the timestamp of the last delivered row, or null before the first
 * @param key       its key values, in key-column order
 * @param seen      in safety-lag mode, the rows delivered within the lag window ({@code timestamp|key}) and their
 *                  timestamps
 */
record Cursor(Object timestamp, List<Object> key, Map<String, Object> seen) {

    static final Cursor START = new Cursor(null, List.of(), Map.of());

    Cursor {
        key = key == null ? List.of() : List.copyOf(key);
        seen = seen == null ? Map.of() : Map.copyOf(seen);
    }

    boolean isStart() {
        return timestamp == null;
    }

    /** The values to bind after the cursor, timestamp first. */
    List<Object> values() {
        List<Object> values = new ArrayList<>();
        values.add(timestamp);
        values.addAll(key);
        return values;
    }

    static String seenId(Object timestamp, List<Object> key) {
        return timestamp + "|" + key;
    }

    /** The cursor moved to a delivered row; in lag mode the row is remembered and rows older than the window are forgotten. */
    Cursor advance(Object rowTimestamp, List<Object> rowKey, Duration lag) {
        boolean later = timestamp == null || compare(rowTimestamp, rowKey, timestamp, key) > 0;
        Object ts = later ? rowTimestamp : timestamp;
        List<Object> k = later ? rowKey : key;
        if (lag == null) {
            return new Cursor(ts, k, Map.of());
        }
        Map<String, Object> window = new LinkedHashMap<>(seen);
        window.put(seenId(rowTimestamp, rowKey), rowTimestamp);
        return new Cursor(ts, k, window);
    }

    /** Drops remembered rows older than the lag window: the poller never looks there again. */
    Cursor pruned(Duration lag) {
        if (lag == null || seen.isEmpty()) {
            return this;
        }
        Object low = minus(timestamp, lag);
        Map<String, Object> kept = new LinkedHashMap<>();
        seen.forEach((id, ts) -> {
            if (compareValues(ts, low) >= 0) {
                kept.put(id, ts);
            }
        });
        return new Cursor(timestamp, key, kept);
    }

    static Object minus(Object timestamp, Duration lag) {
        if (timestamp instanceof LocalDate d) {
            return d.atStartOfDay().minus(lag).toLocalDate();
        }
        if (timestamp instanceof Temporal t) {
            return t.minus(lag);
        }
        throw new IllegalStateException("safety lag needs a date/time timestamp column");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    static int compare(Object ts1, List<Object> key1, Object ts2, List<Object> key2) {
        int c = compareValues(ts1, ts2);
        for (int i = 0; c == 0 && i < key1.size(); i++) {
            c = compareValues(key1.get(i), key2.get(i));
        }
        return c;
    }

    String toJson() {
        Map<String, List<String>> encodedSeen = new LinkedHashMap<>();
        seen.forEach((id, ts) -> encodedSeen.put(id, ColumnValues.encode(ts)));
        return ChangeJson.toJson(Map.of(
                "timestamp", timestamp == null ? List.of() : ColumnValues.encode(timestamp),
                "key", key.stream().map(ColumnValues::encode).toList(),
                "seen", encodedSeen));
    }

    static Cursor fromJson(String json) {
        if (json == null || json.isBlank()) {
            return START;
        }
        try {
            Map<String, Object> map = ChangeJson.mapper().readValue(json, new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            List<String> ts = (List<String>) map.get("timestamp");
            @SuppressWarnings("unchecked")
            List<List<String>> key = (List<List<String>>) map.get("key");
            @SuppressWarnings("unchecked")
            Map<String, List<String>> seen = (Map<String, List<String>>) map.getOrDefault("seen", Map.of());
            if (ts == null || ts.isEmpty()) {
                return START;
            }
            Map<String, Object> decodedSeen = new LinkedHashMap<>();
            seen.forEach((id, t) -> decodedSeen.put(id, ColumnValues.decode(t)));
            return new Cursor(ColumnValues.decode(ts), key.stream().map(ColumnValues::decode).toList(), decodedSeen);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable db-poll offset: " + json, e);
        }
    }
}
