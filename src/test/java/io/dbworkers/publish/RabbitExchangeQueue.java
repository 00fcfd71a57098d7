package io.dbworkers.publish;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.ItSupport;

/**
 * A durable test queue bound with {@code #} to the topic exchange the changes are published to, emptied on creation,
 * and what has been read from it so far.
 */
final class RabbitExchangeQueue implements AutoCloseable {

    /** A message as received: its routing key, its change, whether it was persistent, and its AMQP message_id. */
    record Received(String routingKey, DatabaseChange change, boolean persistent, String contentType,
                    String messageId) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final CachingConnectionFactory connectionFactory;
    private final RabbitAdmin admin;
    private final RabbitTemplate template;
    private final String queue;
    private final String exchange;

    RabbitExchangeQueue(String exchange, String queue) {
        this(exchange, queue, true);
    }

    private RabbitExchangeQueue(String exchange, String queue, boolean declareExchange) {
        this.exchange = exchange;
        this.queue = queue;
        connectionFactory = new CachingConnectionFactory(URI.create(ItSupport.AMQP_URI));
        admin = new RabbitAdmin(connectionFactory);
        template = new RabbitTemplate(connectionFactory);
        admin.deleteQueue(queue);
        TopicExchange topic = new TopicExchange(exchange, true, false);
        if (declareExchange) {
            admin.deleteExchange(exchange);
            // declared as the publisher declares it, so that the binding can be made before the worker starts
            admin.declareExchange(topic);
        }
        Queue durable = QueueBuilder.durable(queue).build();
        admin.declareQueue(durable);
        Binding binding = BindingBuilder.bind(durable).to(topic).with("#");
        admin.declareBinding(binding);
    }

    /** A queue bound to the exchange as the worker declared it; fails when the exchange does not exist. */
    static RabbitExchangeQueue bindToExisting(String exchange, String queue) {
        return new RabbitExchangeQueue(exchange, queue, false);
    }

    /** Deletes the exchange, so that only the worker can have declared it. */
    static void deleteExchange(String exchange) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(ItSupport.AMQP_URI));
        try {
            new RabbitAdmin(factory).deleteExchange(exchange);
        } finally {
            factory.destroy();
        }
    }

    /** Reads what is in the queue now and returns everything read so far. */
    List<Received> read() {
        Message message;
        while ((message = template.receive(queue)) != null) {
            received.add(new Received(message.getMessageProperties().getReceivedRoutingKey(),
                    ChangeJson.fromJson(new String(message.getBody(), StandardCharsets.UTF_8)),
                    message.getMessageProperties().getReceivedDeliveryMode()
                    == org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT,
                    message.getMessageProperties().getContentType(), message.getMessageProperties().getMessageId()));
        }
        return received;
    }

    /** What was read, as "routingKey id" lines. */
    List<String> keys() {
        return read().stream().map(r -> r.routingKey() + " " + r.change().row().get("id")).toList();
    }

    @Override
    public void close() {
        try {
            admin.deleteQueue(queue);
            admin.deleteExchange(exchange);
        } finally {
            connectionFactory.destroy();
        }
    }
}
