package io.dbworkers.publish;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;

/**
 * The publisher's one {@link ConfirmingChannel}, opened on first use and again after it failed, with the thread on
 * which its batches complete and which fails batches whose confirms are overdue (checked every second).
 */
final class ConfirmingChannels {

    private final CachingConnectionFactory connectionFactory;
    private final String exchange;
    private final long confirmTimeout;
    private final ScheduledExecutorService confirms;
    private ConfirmingChannel channel;
    private ChannelProxy proxy;

    ConfirmingChannels(CachingConnectionFactory connectionFactory, String exchange, long confirmTimeout,
                       ScheduledExecutorService confirms) {
        this.connectionFactory = connectionFactory;
        this.exchange = exchange;
        this.confirmTimeout = confirmTimeout;
        this.confirms = confirms;
        confirms.scheduleWithFixedDelay(this::failOverdue, 1, 1, TimeUnit.SECONDS);
    }

    /** The open confirming channel, opened again after it failed. */
    synchronized ConfirmingChannel channel() {
        if (channel == null || !channel.isOpen()) {
            closeProxy();
            try {
                // kept for this publisher alone (not returned to the factory's cache) until it fails or stops
                proxy = (ChannelProxy) connectionFactory.createConnection().createChannel(false);
                channel = new ConfirmingChannel(proxy.getTargetChannel(), exchange, confirms, confirmTimeout);
            } catch (IOException e) {
                throw RabbitExceptionTranslator.convertRabbitAccessException(e);
            }
        }
        return channel;
    }

    /** Fails what still waits for confirms and closes the channel and the thread. */
    void close(CamelContext camelContext) {
        synchronized (this) {
            if (channel != null) {
                channel.close(new AmqpIOException(new IOException("the publisher to " + exchange + " stopped")));
                channel = null;
            }
            closeProxy();
        }
        camelContext.getExecutorServiceManager().shutdown(confirms);
    }

    private synchronized void failOverdue() {
        if (channel != null) {
            channel.failOverdue();
        }
    }

    private void closeProxy() {
        if (proxy != null) {
            try {
                // its channel was aborted: the factory discards it instead of caching it
                proxy.close();
            } catch (IOException | TimeoutException | RuntimeException e) {
                // closed already
            }
            proxy = null;
        }
    }
}
