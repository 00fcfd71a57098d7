package io.dbworkers.component.redis.streams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * Entries to acknowledge: added when their exchange completed (on whatever thread), sent as one XACK per stream by
 * the consumer's thread. What could not be sent is kept for after the reconnect.
 */
final class Acknowledgements {

    private record Entry(String stream, String id) {
    }

    private final String group;
    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();

    Acknowledgements(String group) {
        this.group = group;
    }

    void add(StreamMessage message) {
        queue.add(new Entry(message.stream(), message.id()));
    }

    int size() {
        return queue.size();
    }

    void flush(RedisCommands<String, String> redis) {
        if (queue.isEmpty()) {
            return;
        }
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        for (Entry entry = queue.poll(); entry != null; entry = queue.poll()) {
            byStream.computeIfAbsent(entry.stream(), s -> new ArrayList<>()).add(entry.id());
        }
        List<Map.Entry<String, List<String>>> batches = new ArrayList<>(byStream.entrySet());
        for (int i = 0; i < batches.size(); i++) {
            Map.Entry<String, List<String>> batch = batches.get(i);
            try {
                redis.xack(batch.getKey(), group, batch.getValue().toArray(String[]::new));
            } catch (RuntimeException e) {
                for (Map.Entry<String, List<String>> rest : batches.subList(i, batches.size())) {
                    rest.getValue().forEach(id -> queue.add(new Entry(rest.getKey(), id)));
                }
                throw e;
            }
        }
    }
}
