package io.dbworkers.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/** The benchmark's topic exchange and the durable queue bound to it with {@code #}, on the plain RabbitMQ client. */
final class BenchQueue {

    private final ConnectionFactory factory;
    private final String exchange;
    private final String queue;

    BenchQueue(ConnectionFactory factory, String exchange, String queue) {
        this.factory = factory;
        this.exchange = exchange;
        this.queue = queue;
    }

    void declare() throws Exception {
        try (Connection c = factory.newConnection(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare(exchange, "topic", true);
            ch.queueDeclare(queue, true, false, false, null);
            ch.queueBind(queue, exchange, "#");
        }
    }

    void delete() throws Exception {
        try (Connection c = factory.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
            ch.exchangeDelete(exchange);
        }
    }

    /** Waits until the queue holds {@code count} messages; the clock's reading then. */
    double awaitMessages(int count, int timeoutSeconds, DoubleSupplier clock) throws Exception {
        try (Connection c = factory.newConnection(); Channel ch = c.createChannel()) {
            long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
            while (ch.queueDeclarePassive(queue).getMessageCount() < count) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("only " + ch.queueDeclarePassive(queue).getMessageCount()
                            + " of " + count + " messages after " + timeoutSeconds + " s");
                }
                Thread.sleep(10);
            }
            return clock.getAsDouble();
        }
    }

    record Drained(int messages, int meanSize) {
    }

    /** Takes every message off the queue and measures their mean size; {@code expected} -1: just empty it. */
    Drained drain(int expected) throws Exception {
        try (Connection c = factory.newConnection(); Channel ch = c.createChannel()) {
            if (expected < 0) {
                ch.queuePurge(queue);
                return new Drained(0, 0);
            }
            AtomicLong bytes = new AtomicLong();
            AtomicInteger seen = new AtomicInteger();
            ch.basicQos(2000);
            ch.basicConsume(queue, true, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) {
                    bytes.addAndGet(body.length);
                    seen.incrementAndGet();
                }
            });
            long deadline = System.currentTimeMillis() + 300_000;
            while (ch.queueDeclarePassive(queue).getMessageCount() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(200);
            int n = Math.max(1, seen.get());
            return new Drained(seen.get(), (int) (bytes.get() / n));
        }
    }

    /** A minimal publisher: persistent messages of the size, confirms, at most 10,000 outstanding; messages/s. */
    double publishAlone(int count, int size) throws Exception {
        try (Connection c = factory.newConnection(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            Semaphore window = new Semaphore(10_000);
            CountDownLatch all = new CountDownLatch(1);
            AtomicLong confirmed = new AtomicLong();
            long first = ch.getNextPublishSeqNo();
            ch.addConfirmListener((tag, multiple) -> {
                long upTo = tag - first + 1;
                long before = confirmed.getAndAccumulate(upTo, Math::max);
                if (upTo > before) {
                    window.release((int) (upTo - before));
                }
                if (upTo >= count) {
                    all.countDown();
                }
            }, (tag, multiple) -> {
                throw new IllegalStateException("RabbitMQ refused a message");
            });
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'x');
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).build();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                window.acquire();
                ch.basicPublish(exchange, "public.items.insert", false, properties, body);
            }
            if (!all.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every message was confirmed");
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Starts consuming: each message's delay from its change's commit (the JSON timestamp) to its delivery. */
    Latencies consumeLatencies(int count) throws Exception {
        Connection c = factory.newConnection();
        Channel ch = c.createChannel();
        Latencies latencies = new Latencies(count, c);
        ch.basicQos(2000);
        ch.basicConsume(queue, true, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                Instant now = Instant.now();
                String json = new String(body, StandardCharsets.UTF_8);
                int at = json.indexOf("\"timestamp\":\"") + 13;
                Instant commit = Instant.parse(json.substring(at, json.indexOf('"', at)));
                latencies.add((now.toEpochMilli() - commit.toEpochMilli())
                        + (now.getNano() / 1000 % 1000 - commit.getNano() / 1000 % 1000) / 1000.0);
            }
        });
        return latencies;
    }

    /** Delays in ms of the first {@code count} deliveries. */
    static final class Latencies {
        private final double[] values;
        private final AtomicInteger seen = new AtomicInteger();
        private final CountDownLatch done = new CountDownLatch(1);
        private final Connection connection;

        Latencies(int count, Connection connection) {
            this.values = new double[count];
            this.connection = connection;
        }

        void add(double millis) {
            int at = seen.getAndIncrement();
            if (at < values.length) {
                values[at] = millis;
            }
            if (at + 1 == values.length) {
                done.countDown();
            }
        }

        void await(int seconds) throws Exception {
            try {
                if (!done.await(seconds, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("only " + seen.get() + " of " + values.length + " delivered");
                }
            } finally {
                connection.close();
            }
        }

        double percentile(double p) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
        }
    }
}
