package io.dbworkers.deadletter.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.Settings;
import io.dbworkers.it.ItSupport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dlq command's sources on the real servers: a Redis stream and a RabbitMQ queue list their entries oldest first,
 * a drain removes only the entries its handler went through, and purge removes the rest.
 */
class DeadLetterSourcesIT {

    private static final String NAME = ItSupport.nameFor(DeadLetterSourcesIT.class);
    private static final Settings NO_SETTINGS = new Settings(name -> null);

    @Test
    void redisStream() throws Exception {
        RedisClient client = RedisClient.create(ItSupport.REDIS_URI);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().del(NAME);
            for (int i = 1; i <= 3; i++) {
                redis.sync().xadd(NAME, Map.of("payload", "p" + i, "route", "r", "error", "e" + i));
            }
            try (DeadLetterSource source = DeadLetterSource.open(ItSupport.REDIS_URI + "/" + NAME, NO_SETTINGS, null)) {
                assertDrainAndPurge(source);
            }
            assertThat(redis.sync().xlen(NAME)).isZero();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void rabbitQueue() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(ItSupport.AMQP_URI);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDelete(NAME);
            channel.queueDeclare(NAME, true, false, false, null);
            for (int i = 1; i <= 3; i++) {
                channel.basicPublish("", NAME, new AMQP.BasicProperties.Builder()
                        .headers(Map.of("route", "r", "error", "e" + i)).build(), ("p" + i).getBytes(StandardCharsets.UTF_8));
            }
            try (DeadLetterSource source = DeadLetterSource.open(ItSupport.AMQP_URI + "/" + NAME, NO_SETTINGS, null)) {
                assertDrainAndPurge(source);
            }
            assertThat(channel.messageCount(NAME)).isZero();
        }
    }

    private static void assertDrainAndPurge(DeadLetterSource source) throws Exception {
        List<DeadLetterSource.Entry> entries = source.list(10);
        assertThat(entries).extracting(e -> e.field("payload")).containsExactly("p1", "p2", "p3");
        assertThat(entries).extracting(e -> e.field("error")).containsExactly("e1", "e2", "e3");
        assertThat(source.get(entries.get(1).id())).get().extracting(e -> e.field("payload")).isEqualTo("p2");

        // the handler takes the first entry and throws for the second: only the first is removed
        List<String> handled = new ArrayList<>();
        assertThatThrownBy(() -> source.drain(List.of(), entry -> {
            if (entry.field("payload").equals("p2")) {
                throw new IllegalStateException("fails again");
            }
            handled.add(entry.field("payload"));
        })).hasMessage("fails again");
        assertThat(handled).containsExactly("p1");
        assertThat(source.list(10)).extracting(e -> e.field("payload")).containsExactly("p2", "p3");

        assertThat(source.purge(List.of())).isEqualTo(2);
        assertThat(source.list(10)).isEmpty();
    }
}
