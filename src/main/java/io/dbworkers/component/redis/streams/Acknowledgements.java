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
 * Entries to acknowledge: added when their exchange completed (on whatever thread), a batch's entries at once, sent as
 * one XACK per stream by the consumer's thread, pipelined. What could not be sent is kept for after the reconnect.
 */
final class Acknowledgements {

    private final String group;
    /** lists of entries, each handed over as it is: one queue node per batch, not per entry */
    private final Queue<List<ReadEntry>> queue = new ConcurrentLinkedQueue<>();

    Acknowledgements(String group) {
        this.group = group;
    }

    void add(ReadEntry entry) {
        queue.add(List.of(entry));
    }

    /** @param entries not changed afterwards */
    void addAll(List<ReadEntry> entries) {
        if (!entries.isEmpty()) {
            queue.add(entries);
        }
    }

    /** How many entries wait to be acknowledged. */
    int size() {
        int size = 0;
        for (List<ReadEntry> entries : queue) {
            size += entries.size();
        }
        return size;
    }

    /**
     * Sends one XACK per stream, all pipelined, and waits for the answers; entries whose XACK failed are kept and the
     * first failure is thrown.
     */
    void flush(StatefulRedisConnection<String, String> connection) {
        if (queue.isEmpty()) {
            return;
        }
        Map<String, List<ReadEntry>> byStream = new LinkedHashMap<>();
        for (List<ReadEntry> entries = queue.poll(); entries != null; entries = queue.poll()) {
            for (ReadEntry entry : entries) {
                byStream.computeIfAbsent(entry.key(), s -> new ArrayList<>()).add(entry);
            }
        }
        Map<String, RedisFuture<Long>> sent = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, List<ReadEntry>> batch : byStream.entrySet()) {
            try {
                sent.put(batch.getKey(), connection.async().xack(batch.getKey(), group, ids(batch.getValue())));
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        long timeout = connection.getTimeout().toMillis();
        for (Map.Entry<String, List<ReadEntry>> batch : byStream.entrySet()) {
            RedisFuture<Long> future = sent.get(batch.getKey());
            RuntimeException error = future == null ? null : await(future, timeout);
            if (future == null || error != null) {
                queue.add(batch.getValue());
                failure = failure == null && error != null ? error : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static String[] ids(List<ReadEntry> entries) {
        String[] ids = new String[entries.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = entries.get(i).id();
        }
        return ids;
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
