package io.dbworkers.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.config.Settings;
import io.dbworkers.it.ItSupport;

/**
 * While RabbitMQ cannot be reached (a proxy in front of it drops every connection; the broker itself, shared with
 * other tests, keeps running), a poison change cannot be dead-lettered: the exchange fails, the offset stays before it and
 * the rows behind it wait. Once RabbitMQ is back, the poison change lands in the queue exactly once and the rows behind
 * it are processed.
 */
class DeadLetterTargetDownIT extends ItSupport {

    private static final String QUEUE = nameFor(DeadLetterTargetDownIT.class);

    private static HikariDataSource ds;
    private static RabbitQueues rabbit;
    private static CamelContext context;
    private static ItemsRoute items;
    private static Path offsetFile;
    private static TcpProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        ds = freshPostgres(DeadLetterTargetDownIT.class);
        execute(ds, ItemsRoute.CREATE_TABLE);
        rabbit = new RabbitQueues();
        rabbit.admin.deleteQueue(QUEUE);
        URI amqp = URI.create(AMQP_URI);
        proxy = new TcpProxy(amqp.getHost(), amqp.getPort());
        context = new DefaultCamelContext();
        context.getRegistry().bind("ds", ds);
        DeadLetters.install(context, new Settings(Map.of("DEAD_LETTER_URL",
                "amqp://" + amqp.getUserInfo() + "@127.0.0.1:" + proxy.port() + "/" + QUEUE)::get));
        offsetFile = Files.createTempDirectory("dead-letter-target-down").resolve("offsets.json");
        items = new ItemsRoute(offsetFile);
        context.addRoutes(items);
        context.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (context != null) {
            context.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
        if (ds != null) {
            ds.close();
        }
    }

    @Test
    void poisonChangeWaitsForTheTargetAndIsNotLost() throws Exception {
        execute(ds, "INSERT INTO items (email) VALUES ('a@example.com')");
        // the offset is saved once the exchange completed, just after the processor ran
        await().atMost(Duration.ofSeconds(30)).until(() -> items.processed.contains("a@example.com")
                && Files.exists(offsetFile));
        String offsetBefore = Files.readString(offsetFile, StandardCharsets.UTF_8);

        try {
            proxy.cut();
            NotifyBuilder failed = new NotifyBuilder(context).fromRoute(ItemsRoute.ROUTE_ID).whenFailed(3).create();
            execute(ds, "INSERT INTO items (email) VALUES ('bad'), ('c@example.com')");

            assertThat(failed.matches(60, TimeUnit.SECONDS)).as("the poison change failed again and again").isTrue();
            assertThat(items.attemptsOf("bad")).isGreaterThanOrEqualTo(3);
            assertThat(items.processed).as("the row behind the poison change waits").containsExactly("a@example.com");
            assertThat(Files.readString(offsetFile, StandardCharsets.UTF_8)).isEqualTo(offsetBefore);
        } finally {
            proxy.restore();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> items.processed.contains("c@example.com"));
        assertThat(items.processed).containsExactly("a@example.com", "c@example.com");
        assertThat(rabbit.depth(QUEUE)).isEqualTo(1);
        Message message = rabbit.template.receive(QUEUE, 5000);
        assertThat(message).isNotNull();
        assertThat(ChangeJson.fromJson(new String(message.getBody(), StandardCharsets.UTF_8)).newData())
                .containsEntry("email", "bad");
        assertThat(message.getMessageProperties().getHeaders()).containsEntry("attempts", "1");
        assertThat(rabbit.depth(QUEUE)).isZero();
    }
}
