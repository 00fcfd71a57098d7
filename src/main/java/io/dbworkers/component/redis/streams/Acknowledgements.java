package io.dbworkers.component.redis.streams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Entries to acknowledge: added when their exchange completed (on whatever thread), sent as one XACK per stream by
 * the consumer's thread, pipelined. What could not be sent is kept for after the reconnect.
 */
final class Acknowledgements {

    private record Entry(String stream, String id) {
    }

    private final String group;
    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();

    Acknowledgements(String group) {
        this.group = group;
    }

    void add(ReadEntry entry) {
        queue.add(new Entry(entry.key(), entry.id()));
    }

    int size() {
        return queue.size();
    }

    /**
     * Sends one XACK per stream, all pipelined, and waits for the answers; entries whose XACK failed are kept and the
     * first failure is thrown.
     */
    void flush(StatefulRedisConnection<String, String> connection) {
        if (queue.isEmpty()) {
            return;
        }
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        for (Entry entry = queue.poll(); entry != null; entry = queue.poll()) {
            byStream.computeIfAbsent(entry.stream(), s -> new ArrayList<>()).add(entry.id());
        }
        Map<String, RedisFuture<Long>> sent = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, List<String>> batch : byStream.entrySet()) {
            try {
                sent.put(batch.getKey(), connection.async().xack(batch.getKey(), group,
                        batch.getValue().toArray(String[]::new)));
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        long timeout = connection.getTimeout().toMillis();
        for (Map.Entry<String, List<String>> batch : byStream.entrySet()) {
            RedisFuture<Long> future = sent.get(batch.getKey());
            RuntimeException error = future == null ? null : await(future, timeout);
            if (future == null || error != null) {
                batch.getValue().forEach(id -> queue.add(new Entry(batch.getKey(), id)));
                failure = failure == null && error != null ? error : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException await(RedisFuture<Long> future, long timeoutMillis) {
        try {
            future.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof RedisException redis ? redis : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            return new RedisCommandTimeoutException("XACK timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RedisException("interrupted", e);
        }
    }
}
