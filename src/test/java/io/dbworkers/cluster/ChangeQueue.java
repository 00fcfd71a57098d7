package io.dbworkers.cluster;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.it.ItSupport;

/**
 * A durable queue of the test's own bound with {@code #} to the topic exchange the changes are published to, and how
 * many times each row id has arrived in it. The exchange is declared as the publisher declares it, so that nothing
 * published before the binding exists is dropped; {@link #close()} deletes both.
 */
final class ChangeQueue implements AutoCloseable {

    private final CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(ItSupport.AMQP_URI));
    private final RabbitAdmin admin = new RabbitAdmin(factory);
    private final RabbitTemplate template = new RabbitTemplate(factory);
    private final Map<Long, Integer> arrivals = new ConcurrentHashMap<>();
    private final String exchange;
    private final String queue;

    ChangeQueue(String exchange, String queue) {
        this.exchange = exchange;
        this.queue = queue;
        admin.deleteQueue(queue);
        admin.deleteExchange(exchange);
        TopicExchange topic = new TopicExchange(exchange, true, false);
        admin.declareExchange(topic);
        Queue durable = QueueBuilder.durable(queue).build();
        admin.declareQueue(durable);
        admin.declareBinding(BindingBuilder.bind(durable).to(topic).with("#"));
    }

    /** Reads what is in the queue now; returns how many row ids arrived so far. */
    int distinctIds() {
        Message message;
        while ((message = template.receive(queue)) != null) {
            Object id = ChangeJson.fromJson(new String(message.getBody(), StandardCharsets.UTF_8)).row().get("id");
            arrivals.merge(((Number) id).longValue(), 1, Integer::sum);
        }
        return arrivals.size();
    }

    /** How many times each row id has arrived. */
    Map<Long, Integer> arrivals() {
        distinctIds();
        return Map.copyOf(arrivals);
    }

    @Override
    public void close() {
        try {
            admin.deleteQueue(queue);
            admin.deleteExchange(exchange);
        } finally {
            factory.destroy();
        }
    }
}
