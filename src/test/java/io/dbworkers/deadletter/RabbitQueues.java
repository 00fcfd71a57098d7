package io.dbworkers.deadletter;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.dbworkers.it.ItSupport;

/** The RabbitMQ on localhost as the dead-letter ITs see it: a reader of the queue, and the broker's own tool. */
final class RabbitQueues implements AutoCloseable {

    final CachingConnectionFactory connectionFactory;
    final RabbitAdmin admin;
    final RabbitTemplate template;

    RabbitQueues() {
        URI uri = URI.create(ItSupport.AMQP_URI);
        connectionFactory = new CachingConnectionFactory(uri);
        admin = new RabbitAdmin(connectionFactory);
        template = new RabbitTemplate(connectionFactory);
    }

    /** The number of messages ready in the queue, -1 when there is no such queue. */
    int depth(String queue) {
        var info = admin.getQueueInfo(queue);
        return info == null ? -1 : info.getMessageCount();
    }

    /** Whether the broker keeps the queue across restarts, as {@code rabbitmqctl list_queues} reports it. */
    static boolean durable(String queue) throws IOException, InterruptedException {
        String out = rabbitmqctl("list_queues", "name", "durable");
        return out.lines().anyMatch(line -> line.trim().equals(queue + "\ttrue"));
    }

    static String rabbitmqctl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = "rabbitmqctl";
        command[1] = "-q";
        System.arraycopy(args, 0, command, 2, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        connectionFactory.destroy();
    }
}
