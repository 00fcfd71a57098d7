package io.dbworkers.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.AmqpTimeoutException;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;

/**
 * One channel in confirm mode on which batches of messages are published without waiting: each batch completes
 * when the broker confirmed every one of its messages (RabbitMQ Java client's asynchronous confirms), so the next
 * batch is published while the previous one's confirms are outstanding. A nack fails its batch; the channel closing
 * or a confirm that does not come in time fails every batch still waiting (the channel is closed then). Committing
 * in order is the caller's job: a batch confirmed after a failed one must not be committed past it.
 * <p>
 * Batches complete on {@code completions} (a single thread, so in the order they complete), never on the client's
 * connection thread. The channel is used from one publishing thread at a time ({@link #publish} is synchronized).
 */
final class ConfirmingChannel implements ConfirmListener, ShutdownListener {

    /** A batch being published: how many of its messages the broker has not confirmed yet. */
    private static final class Batch {
        final CompletableFuture<Integer> confirmed = new CompletableFuture<>();
        final long deadlineNanos;
        int count;
        int unconfirmed;
        boolean sealed;
        boolean failed;

        Batch(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    /** One message: routing key, properties and body. */
    record Message(String routingKey, AMQP.BasicProperties properties, byte[] body) {
    }

    private final Channel channel;
    private final String exchange;
    private final Executor completions;
    private final long confirmTimeoutNanos;
    /** The batch of each unconfirmed delivery tag; guarded by {@code this}. */
    private final NavigableMap<Long, Batch> unconfirmed = new TreeMap<>();
    private final Set<Batch> open = new LinkedHashSet<>();
    private volatile ShutdownSignalException closed;

    ConfirmingChannel(Channel channel, String exchange, Executor completions, long confirmTimeoutMillis)
            throws IOException {
        this.channel = channel;
        this.exchange = exchange;
        this.completions = completions;
        this.confirmTimeoutNanos = confirmTimeoutMillis * 1_000_000L;
        channel.confirmSelect();
        channel.addConfirmListener(this);
        channel.addShutdownListener(this);
    }

    boolean isOpen() {
        return closed == null && channel.isOpen();
    }

    /**
     * Publishes the messages in order; the future completes with their count once the broker confirmed all of them,
     * or exceptionally when one is nacked, the channel closes or the confirms do not come within the timeout.
     */
    synchronized CompletableFuture<Integer> publish(Iterable<Message> messages) {
        Batch batch = new Batch(System.nanoTime() + confirmTimeoutNanos);
        synchronized (unconfirmed) {
            open.add(batch);
        }
        try {
            for (Message message : messages) {
                long tag = channel.getNextPublishSeqNo();
                synchronized (unconfirmed) {
                    unconfirmed.put(tag, batch);
                    batch.unconfirmed++;
                    batch.count++;
                }
                channel.basicPublish(exchange, message.routingKey(), false, message.properties(), message.body());
            }
        } catch (IOException | AlreadyClosedException e) {
            close(RabbitExceptionTranslator.convertRabbitAccessException(e));
        }
        synchronized (unconfirmed) {
            batch.sealed = true;
            completeIfConfirmed(batch);
        }
        return batch.confirmed;
    }

    /** Fails every batch that waits for confirms longer than the timeout, and every later one, closing the channel. */
    void failOverdue() {
        Batch oldest;
        synchronized (unconfirmed) {
            oldest = open.isEmpty() ? null : open.iterator().next();
        }
        if (oldest != null && System.nanoTime() - oldest.deadlineNanos > 0) {
            close(new AmqpTimeoutException("RabbitMQ did not confirm " + oldest.count + " messages in "
                    + confirmTimeoutNanos / 1_000_000 + " ms"));
        }
    }

    /** Closes the channel, failing every batch still waiting with the reason. */
    void close(RuntimeException reason) {
        failAll(reason);
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    @Override
    public void handleAck(long deliveryTag, boolean multiple) {
        synchronized (unconfirmed) {
            for (Batch batch : settled(deliveryTag, multiple)) {
                completeIfConfirmed(batch);
            }
        }
    }

    @Override
    public void handleNack(long deliveryTag, boolean multiple) {
        synchronized (unconfirmed) {
            for (Batch batch : settled(deliveryTag, multiple)) {
                fail(batch, new AmqpRejectAndDontRequeueException("RabbitMQ refused a message (nack) of a batch of "
                        + batch.count));
            }
        }
    }

    @Override
    public void shutdownCompleted(ShutdownSignalException cause) {
        closed = cause;
        failAll(new AmqpIOException("the channel to RabbitMQ closed: " + cause.getMessage(), cause));
    }

    /** Removes the tag (or every tag up to it) and returns the batches they belonged to; holds the lock. */
    private Set<Batch> settled(long deliveryTag, boolean multiple) {
        Map<Long, Batch> tags = multiple ? unconfirmed.headMap(deliveryTag, true) : unconfirmed.subMap(deliveryTag,
                true, deliveryTag, true);
        Set<Batch> batches = new LinkedHashSet<>();
        for (Batch batch : tags.values()) {
            batch.unconfirmed--;
            batches.add(batch);
        }
        tags.clear();
        return batches;
    }

    private void completeIfConfirmed(Batch batch) {
        if (batch.sealed && batch.unconfirmed == 0 && !batch.failed && open.remove(batch)) {
            int count = batch.count;
            completions.execute(() -> batch.confirmed.complete(count));
        }
    }

    private void failAll(RuntimeException reason) {
        synchronized (unconfirmed) {
            for (Batch batch : new ArrayList<>(open)) {
                fail(batch, reason);
            }
            unconfirmed.clear();
        }
    }

    private void fail(Batch batch, RuntimeException reason) {
        if (!batch.failed) {
            batch.failed = true;
            open.remove(batch);
            completions.execute(() -> batch.confirmed.completeExceptionally(reason));
        }
    }
}
