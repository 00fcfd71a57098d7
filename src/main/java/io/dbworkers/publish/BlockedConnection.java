package io.dbworkers.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

import com.rabbitmq.client.BlockedListener;

/** Whether RabbitMQ blocks publishing on the connection (a memory or disk alarm), and why. */
final class BlockedConnection implements ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(BlockedConnection.class);

    private final String exchange;
    private volatile String reason;

    BlockedConnection(String exchange) {
        this.exchange = exchange;
    }

    /** Why RabbitMQ blocks publishing now, or null. */
    String reason() {
        return reason;
    }

    @Override
    public void onCreate(Connection connection) {
        reason = null;
        connection.addBlockedListener(new BlockedListener() {
            @Override
            public void handleBlocked(String why) {
                LOG.warn("RabbitMQ blocked publishing to {}: {}", exchange, why);
                reason = why;
            }

            @Override
            public void handleUnblocked() {
                LOG.info("RabbitMQ unblocked publishing to {}", exchange);
                reason = null;
            }
        });
    }
}
