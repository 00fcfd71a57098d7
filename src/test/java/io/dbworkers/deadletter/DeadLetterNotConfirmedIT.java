package io.dbworkers.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import io.dbworkers.config.Settings;
import io.dbworkers.it.ItSupport;

/**
 * RabbitMQ is up but refuses the dead letter (a full queue that rejects publishes, so the broker nacks it): without a
 * publisher confirm the exchange fails and the rows behind the poison change wait; once the queue takes messages again,
 * the poison change lands once and the rows behind it are processed.
 */
class DeadLetterNotConfirmedIT extends ItSupport {

    private static final String QUEUE = nameFor(DeadLetterNotConfirmedIT.class);
    private static final String POLICY = QUEUE + "_full";

    private static HikariDataSource ds;
    private static RabbitQueues rabbit;
    private static CamelContext context;
    private static ItemsRoute items;

    @BeforeAll
    static void start() throws Exception {
        ds = freshPostgres(DeadLetterNotConfirmedIT.class);
        execute(ds, ItemsRoute.CREATE_TABLE);
        rabbit = new RabbitQueues();
        rabbit.admin.deleteQueue(QUEUE);
        context = new DefaultCamelContext();
        context.getRegistry().bind("ds", ds);
        DeadLetters.install(context, new Settings(Map.of("DEAD_LETTER_URL", AMQP_URI + "/" + QUEUE)::get));
        items = new ItemsRoute(Files.createTempDirectory("dead-letter-not-confirmed").resolve("offsets.json"));
        context.addRoutes(items);
        context.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            RabbitQueues.rabbitmqctl("clear_policy", POLICY);
        } catch (IllegalStateException e) {
            // already cleared by the test
        } finally {
            if (context != null) {
                context.stop();
            }
            if (rabbit != null) {
                rabbit.close();
            }
            if (ds != null) {
                ds.close();
            }
        }
    }

    @Test
    void nackedDeadLetterFailsTheExchange() throws Exception {
        RabbitQueues.rabbitmqctl("set_policy", "--apply-to", "queues", POLICY, "^" + QUEUE + "$",
                "{\"max-length\":0,\"overflow\":\"reject-publish\"}");
        try {
            NotifyBuilder failed = new NotifyBuilder(context).fromRoute(ItemsRoute.ROUTE_ID).whenFailed(3).create();
            execute(ds, "INSERT INTO items (email) VALUES ('bad'), ('c@example.com')");

            assertThat(failed.matches(60, TimeUnit.SECONDS)).as("the nacked dead letter failed the exchange").isTrue();
            assertThat(items.processed).as("the row behind the poison change waits").isEmpty();
            assertThat(rabbit.depth(QUEUE)).isZero();
        } finally {
            RabbitQueues.rabbitmqctl("clear_policy", POLICY);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> items.processed.contains("c@example.com"));
        assertThat(rabbit.depth(QUEUE)).isEqualTo(1);
        Message message = rabbit.template.receive(QUEUE, 5000);
        assertThat(ChangeJson.fromJson(new String(message.getBody(), StandardCharsets.UTF_8)).newData())
                .containsEntry("email", "bad");
    }
}
