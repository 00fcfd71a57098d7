package io.dbworkers.component.dbcdc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import org.apache.camel.spi.StateRepository;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium's offsets kept in a Camel {@link StateRepository} (the offset file or table db-poll uses too), one entry
 * per source partition under {@code db-cdc:<partition as JSON>}. The engine writes here only what the consumer marked
 * processed. Debezium creates the store by class name, so the consumer registers its repository under a key that
 * reaches the store in {@code offset.storage.file.filename}.
 */
public class StateRepositoryOffsetBackingStore extends MemoryOffsetBackingStore {

    private static final String KEY_PREFIX = "db-cdc:";
    private static final Map<String, StateRepository<String, String>> REGISTERED = new ConcurrentHashMap<>();

    private StateRepository<String, String> repository;

    static String register(StateRepository<String, String> repository) {
        String key = "db-cdc-offsets-" + UUID.randomUUID();
        REGISTERED.put(key, repository);
        return key;
    }

    static void unregister(String key) {
        if (key != null) {
            REGISTERED.remove(key);
        }
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        String key = config.originalsStrings().get("offset.storage.file.filename");
        repository = key == null ? null : REGISTERED.get(key);
        if (repository == null) {
            throw new IllegalStateException("no offset repository registered as " + key);
        }
    }

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        return executor.submit(() -> {
            Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
            for (ByteBuffer key : keys) {
                ByteBuffer value = data.get(key);
                if (value == null) {
                    String stored = repository.getState(KEY_PREFIX + text(key));
                    if (stored != null) {
                        value = ByteBuffer.wrap(stored.getBytes(StandardCharsets.UTF_8));
                        data.put(key, value);
                    }
                }
                result.put(key, value);
            }
            return result;
        });
    }

    @Override
    protected void save() {
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
            if (entry.getKey() != null && entry.getValue() != null) {
                repository.setState(KEY_PREFIX + text(entry.getKey()), text(entry.getValue()));
            }
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        // only Kafka Connect's REST API asks; the embedded engine does not
        return Set.of();
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
