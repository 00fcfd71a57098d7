package io.dbworkers.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.Settings;
import io.dbworkers.it.ItSupport;

/**
 * A row that fails validation lands once in the durable RabbitMQ queue, as the change's JSON with the record's fields as
 * headers, and the rows around it are processed.
 */
class DeadLetterRabbitIT extends ItSupport {

    private static final String QUEUE = nameFor(DeadLetterRabbitIT.class);

    private static HikariDataSource ds;
    private static RabbitQueues rabbit;
    private static CamelContext context;
    private static ItemsRoute items;

    @BeforeAll
    static void start() throws Exception {
        ds = freshPostgres(DeadLetterRabbitIT.class);
        execute(ds, ItemsRoute.CREATE_TABLE);
        rabbit = new RabbitQueues();
        rabbit.admin.deleteQueue(QUEUE);
        context = new DefaultCamelContext();
        context.getRegistry().bind("ds", ds);
        DeadLetters.install(context, new Settings(Map.of("DEAD_LETTER_URL", AMQP_URI + "/" + QUEUE)::get));
        items = new ItemsRoute(Files.createTempDirectory("dead-letter-rabbit").resolve("offsets.json"));
        context.addRoutes(items);
        context.start();
    }

    @AfterAll
    static void stop() {
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

    @Test
    void badRowLandsInTheQueueAndTheOthersAreProcessed() throws Exception {
        execute(ds, "INSERT INTO items (email) VALUES ('a@example.com'), ('bad'), ('c@example.com')");

        await().atMost(Duration.ofSeconds(30)).until(() -> items.processed.size() == 2 && rabbit.depth(QUEUE) == 1);
        assertThat(items.processed).containsExactly("a@example.com", "c@example.com");
        assertThat(items.attemptsOf("bad")).isEqualTo(1);
        assertThat(RabbitQueues.durable(QUEUE)).isTrue();

        Message message = rabbit.template.receive(QUEUE, 5000);
        assertThat(message).isNotNull();
        DatabaseChange change = ChangeJson.fromJson(new String(message.getBody(), StandardCharsets.UTF_8));
        assertThat(change.qualifiedTable()).isEqualTo("public.items");
        assertThat(change.newData()).containsEntry("email", "bad").containsEntry("id", 2);
        assertThat(message.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(message.getMessageProperties().getContentType()).isEqualTo("application/json");
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        assertThat(headers).containsEntry("route", "items").containsEntry("table", "public.items")
                .containsEntry("key", "{\"id\":2}").containsEntry("error", "email 'bad' has no @")
                .containsEntry("error_class", ValidationException.class.getName()).containsEntry("attempts", "1")
                .containsKey("failed_at");
        assertThat(Instant.parse(headers.get("failed_at").toString())).isBefore(Instant.now());
        assertThat(headers.keySet()).doesNotContain("CamelDbPollTable", "payload");

        // the poll goes on past the dead-lettered row: it is not written again
        execute(ds, "INSERT INTO items (email) VALUES ('d@example.com')");
        await().atMost(Duration.ofSeconds(30)).until(() -> items.processed.contains("d@example.com"));
        assertThat(rabbit.depth(QUEUE)).isZero();
        assertThat(items.processed).isEqualTo(List.of("a@example.com", "c@example.com", "d@example.com"));
    }
}
