package io.dbworkers.component.redis.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.models.stream.PendingMessage;

/**
 * Looks up, in the group's pending entries list, how often entries read again (own pending, claimed) were delivered.
 * One XPENDING per entry, pipelined: a range query could return this consumer's other pending entries instead.
 */
final class DeliveryCounts {

    private final StatefulRedisConnection<String, String> connection;
    private final Consumer<String> consumer;

    DeliveryCounts(StatefulRedisConnection<String, String> connection, Consumer<String> consumer) {
        this.connection = connection;
        this.consumer = consumer;
    }

    /**
     * The entries with their delivery counts. Entries no longer pending for this consumer (claimed by another in the
     * meantime) are left out: the other consumer delivers them.
     */
    List<ReadEntry> of(String stream, List<io.lettuce.core.StreamMessage<String, String>> entries) {
        List<RedisFuture<List<PendingMessage>>> lookups = new ArrayList<>(entries.size());
        for (io.lettuce.core.StreamMessage<String, String> entry : entries) {
            lookups.add(connection.async().xpending(stream, consumer, Range.create(entry.getId(), entry.getId()),
                    Limit.from(1)));
        }
        List<ReadEntry> messages = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            List<PendingMessage> pending = await(lookups.get(i));
            if (!pending.isEmpty()) {
                messages.add(ReadEntry.of(stream, entries.get(i), pending.get(0).getRedeliveryCount()));
            }
        }
        return messages;
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return future.get(connection.getTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException redis ? redis : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("XPENDING timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted", e);
        }
    }
}
