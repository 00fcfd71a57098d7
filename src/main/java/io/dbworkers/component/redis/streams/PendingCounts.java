package io.dbworkers.component.redis.streams;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.models.stream.PendingMessages;

/** One snapshot of a group's pending entries per stream: one XPENDING per stream, all sent before any answer is read. */
final class PendingCounts {

    private PendingCounts() {
    }

    /**
     * @param streams the stream keys ({@link RawText})
     * @return the counts by stream name as shown ({@link RawText#display}); empty when Redis did not answer every
     *         XPENDING within {@code timeout}
     */
    static Optional<Map<String, Long>> of(StatefulRedisConnection<String, String> connection, String group,
            Collection<String> streams, Duration timeout) {
        Map<String, RedisFuture<PendingMessages>> sent = new LinkedHashMap<>();
        for (String stream : streams) {
            sent.put(stream, connection.async().xpending(stream, group));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> counts = new TreeMap<>();
        try {
            for (Map.Entry<String, RedisFuture<PendingMessages>> answer : sent.entrySet()) {
                counts.put(RawText.display(answer.getKey()), count(answer.getValue(), deadline));
            }
            return Optional.of(counts);
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static long count(RedisFuture<PendingMessages> answer, long deadline)
            throws TimeoutException, ExecutionException, InterruptedException {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).getCount();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException command
                    && RedisStreamsConsumer.isGroupGone(command)) {
                return 0; // deleted since it was last read: nothing pending there
            }
            throw e;
        }
    }
}
