package io.dbworkers.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/**
 * The RabbitMQ side of {@code bench/faults.sh}, where neither the management plugin nor pika is at hand. Not a test.
 * <ul>
 * <li>{@code bind URL EXCHANGE QUEUE}: declares the durable topic exchange and a durable queue bound to it with
 * {@code #}, before the worker starts, so that no change of the run goes unrouted;</li>
 * <li>{@code queue URL QUEUE}: declares a durable queue, as the dead-letter target does;</li>
 * <li>{@code follow URL QUEUE FILE}: until SIGTERM, consumes the queue and appends one JSON line per message to FILE
 * (message id, routing key, headers as strings, body parsed when it is JSON), acknowledging each message only once
 * its line is written. It rides out the broker's outages (automatic recovery), so the script can count what arrived
 * at any moment while the faults are injected.</li>
 * </ul>
 */
public final class FaultsQueue {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FaultsQueue() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: FaultsQueue bind URL EXCHANGE QUEUE | queue URL QUEUE | follow URL QUEUE FILE");
            System.exit(2);
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(args[1]);
        factory.setNetworkRecoveryInterval(1000);
        if ("follow".equals(args[0])) {
            follow(factory, args[2], Path.of(args[3]));
            return;
        }
        try (Connection connection = factory.newConnection("dbw-faults-" + args[0]);
             Channel channel = connection.createChannel()) {
            switch (args[0]) {
                case "bind" -> {
                    channel.exchangeDeclare(args[2], "topic", true);
                    channel.queueDeclare(args[3], true, false, false, null);
                    channel.queueBind(args[3], args[2], "#");
                }
                case "queue" -> channel.queueDeclare(args[2], true, false, false, null);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
    }

    private static void follow(ConnectionFactory factory, String queue, Path file) throws Exception {
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Connection connection = factory.newConnection("dbw-faults-follow");
        Channel channel = connection.createChannel();
        channel.basicQos(500);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                synchronized (out) {
                    out.close();
                }
                connection.abort(2000);
            } catch (IOException e) {
                System.err.println("FaultsQueue: " + e);
            }
            stopped.countDown();
        }));
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                synchronized (out) {
                    out.write(line(envelope, properties, body));
                    out.newLine();
                    out.flush();
                }
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        stopped.await();
    }

    private static String line(Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws JsonProcessingException {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("message_id", properties.getMessageId());
        line.put("routing_key", envelope.getRoutingKey());
        ObjectNode headers = line.putObject("headers");
        Map<String, Object> received = properties.getHeaders();
        if (received != null) {
            // a LongString prints its bytes as text, numbers and booleans as themselves
            received.forEach((name, value) -> headers.put(name, String.valueOf(value)));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            line.set("body", MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            line.put("body", text);
        }
        return MAPPER.writeValueAsString(line);
    }
}
