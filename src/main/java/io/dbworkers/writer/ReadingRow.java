package io.dbworkers.writer;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import io.dbworkers.component.redis.streams.StreamMessage;

/**
 * A row of the readings table as db-write takes it: the columns of {@link SensorReadingTransform#COLUMNS} by name, in
 * that order, then the entry under {@link SensorReadingTransform#ENTRY}. Unmodifiable, and held in one array: a
 * {@code LinkedHashMap} per reading (its table, and a node per column) was a sixth of the writer's allocations.
 */
final class ReadingRow extends AbstractMap<String, Object> {

    private static final List<String> KEYS = List.of("timestamp", "device_id", "sensor_type", "value", "metadata",
            "stream", "entry_id", SensorReadingTransform.ENTRY);

    private final Object[] values;

    ReadingRow(Object timestamp, String deviceId, String sensorType, String value, String metadata, String stream,
            String entryId, StreamMessage entry) {
        values = new Object[] {timestamp, deviceId, sensorType, value, metadata, stream, entryId, entry};
    }

    @Override
    public Object get(Object key) {
        int index = index(key);
        return index < 0 ? null : values[index];
    }

    @Override
    public boolean containsKey(Object key) {
        return index(key) >= 0;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new AbstractList<Entry<String, Object>>() {
                    @Override
                    public Entry<String, Object> get(int index) {
                        return new SimpleImmutableEntry<>(KEYS.get(index), values[index]);
                    }

                    @Override
                    public int size() {
                        return values.length;
                    }
                }.iterator();
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    private static int index(Object key) {
        if (!(key instanceof String name)) {
            return -1;
        }
        return switch (name) {
            case "timestamp" -> 0;
            case "device_id" -> 1;
            case "sensor_type" -> 2;
            case "value" -> 3;
            case "metadata" -> 4;
            case "stream" -> 5;
            case "entry_id" -> 6;
            case SensorReadingTransform.ENTRY -> 7;
            default -> -1;
        };
    }
}
