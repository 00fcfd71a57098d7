package io.dbworkers.deadletter.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import io.dbworkers.config.AmqpUrl;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.dbworkers.deadletter.DeadLetterRecord;

/**
 * A RabbitMQ queue of dead letters ({@code amqp://user:pass@host:port/QUEUE}). A queue has no ids, so an entry's id is
 * its position, 1 for the oldest. Reading takes messages without acknowledging them and gives them back by closing
 * the channel; an entry is acknowledged, and so removed, only once it was processed.
 */
final class AmqpSource implements DeadLetterSource {

    private final Connection connection;
    private final String queue;
    private final String description;

    private AmqpSource(Connection connection, String queue, String description) {
        this.connection = connection;
        this.queue = queue;
        this.description = description;
    }

    static AmqpSource open(String url) {
        AmqpUrl amqp = AmqpUrl.parse("SOURCE", url);
        if (amqp.path().isEmpty()) {
            throw new ConfigurationException("SOURCE", "names no host or queue (amqp://user:pass@host:port/QUEUE): "
                    + Masking.mask(url));
        }
        String queue = amqp.path();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(amqp.host());
        factory.setPort(amqp.port());
        factory.setUsername(amqp.user());
        factory.setPassword(amqp.password());
        factory.setConnectionTimeout(10_000);
        String where = "RabbitMQ at " + factory.getHost() + ":" + factory.getPort();
        try {
            return new AmqpSource(factory.newConnection("db-workers dlq"), queue, "the RabbitMQ queue " + queue
                    + " on " + factory.getHost() + ":" + factory.getPort());
        } catch (Exception e) {
            throw new ConfigurationException("SOURCE", "cannot connect to " + where + ": "
                    + Masking.mask(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public List<Entry> list(int limit) throws Exception {
        List<Entry> entries = new ArrayList<>();
        try (Channel channel = connection.createChannel()) {
            for (int position = 1; position <= limit; position++) {
                GetResponse response = channel.basicGet(queue, false);
                if (response == null) {
                    break;
                }
                entries.add(entry(position, response));
            }
            // closing the channel gives every message back, in its place
        }
        return entries;
    }

    @Override
    public Optional<Entry> get(String id) throws Exception {
        int position = position(id);
        List<Entry> entries = list(position);
        return entries.size() < position ? Optional.empty() : Optional.of(entries.get(position - 1));
    }

    @Override
    public void drain(List<String> ids, EntryHandler handler) throws Exception {
        TreeSet<Integer> wanted = new TreeSet<>();
        ids.forEach(id -> wanted.add(position(id)));
        try (Channel channel = connection.createChannel()) {
            for (int position = 1; wanted.isEmpty() || position <= wanted.last(); position++) {
                GetResponse response = channel.basicGet(queue, false);
                if (response == null) {
                    if (!wanted.isEmpty()) {
                        throw new ConfigurationException("ID", "no dead letter " + wanted.last() + " in "
                                + description);
                    }
                    break;
                }
                if (wanted.isEmpty() || wanted.contains(position)) {
                    handler.handle(entry(position, response));
                    channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                }
            }
        }
    }

    @Override
    public int purge(List<String> ids) throws Exception {
        if (ids.isEmpty()) {
            try (Channel channel = connection.createChannel()) {
                return channel.queuePurge(queue).getMessageCount();
            }
        }
        int[] count = {0};
        drain(ids, entry -> count[0]++);
        return count[0];
    }

    private static Entry entry(int position, GetResponse response) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(DeadLetterRecord.PAYLOAD, new String(response.getBody(), StandardCharsets.UTF_8));
        Map<String, Object> headers = response.getProps().getHeaders();
        if (headers != null) {
            headers.forEach((name, value) -> fields.put(name, value == null ? "" : value.toString()));
        }
        return new Entry(Integer.toString(position), fields);
    }

    private static int position(String id) {
        try {
            int position = Integer.parseInt(id);
            if (position >= 1) {
                return position;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigurationException("ID", "'" + id + "' is not a position in the queue (1 is the oldest)");
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
