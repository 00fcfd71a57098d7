package io.dbworkers.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.config.Settings;
import io.dbworkers.deadletter.DeadLetters;
import io.dbworkers.it.ItSupport;
import io.dbworkers.support.ConsumerStatus;

/**
 * The demo's {@code inventory-changes} split/aggregate route on PostgreSQL, with parts that fail (negative stock) and
 * a dead-letter queue in RabbitMQ that cannot be reached (a proxy in front of it drops every connection). A part whose
 * dead-letter write failed must fail the batch: the offset stays, nothing reaches {@code change_log}. Once RabbitMQ
 * can be reached, the good rows are in {@code change_log} once and the bad ones in the queue: nothing is lost.
 */
class SplitDeadLetterDownIT extends ItSupport {

    private static final String QUEUE = nameFor(SplitDeadLetterDownIT.class);
    private static final String ROUTE = """
            - route:
                id: inventory-changes
                routeConfigurationId: dead-letter
                from:
                  uri: db-poll:inventory
                  parameters:
                    timestampColumn: updated_at
                    batch: true
                    batchSize: 500
                    delay: 200
                    offsetFile: "%s"
                  steps:
                    - split:
                        simple: "${body}"
                        aggregationStrategy: "#class:io.dbworkers.processor.ProcessedBatch"
                        steps:
                          - filter:
                              simple: "${body.newData[stock_quantity]} < 0"
                              steps:
                                - throwException:
                                    exceptionType: java.lang.IllegalStateException
                                    message: "negative stock"
                          - bean:
                              ref: ecommerceProcessor
                              method: processAndLog
                    - filter:
                        simple: "${body.size} > 0"
                        steps:
                          - to:
                              uri: sql:INSERT INTO change_log (table_name, change_type, change_key, result) VALUES (:#table_name, :#change_type, :#change_key, :#result)
                              parameters:
                                batch: true
            """;

    private static HikariDataSource db;
    private static TcpProxy proxy;
    private static CachingConnectionFactory rabbit;

    @BeforeAll
    static void start() throws Exception {
        db = freshPostgres(SplitDeadLetterDownIT.class);
        execute(db, SEED_001_SCHEMA);
        execute(db, "CREATE TABLE change_log (id BIGSERIAL PRIMARY KEY, table_name VARCHAR(100) NOT NULL,"
                + " change_type VARCHAR(10) NOT NULL, change_key VARCHAR(255) NOT NULL, result VARCHAR(2000))");
        URI amqp = URI.create(AMQP_URI);
        proxy = new TcpProxy(amqp.getHost(), amqp.getPort());
        rabbit = new CachingConnectionFactory(amqp);
        new RabbitAdmin(rabbit).deleteQueue(QUEUE);
    }

    @AfterAll
    static void stop() throws Exception {
        rabbit.destroy();
        proxy.close();
        db.close();
    }

    @Test
    void aBatchWithAPartThatCouldNotBeDeadLetteredFailsAndNothingIsLost() throws Exception {
        Path offsets = Files.createTempDirectory("split-dead-letter-down").resolve("offsets.json");
        URI amqp = URI.create(AMQP_URI);
        String deadLetterUrl = "amqp://" + amqp.getUserInfo() + "@127.0.0.1:" + proxy.port() + "/" + QUEUE;
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("dataSource", db);
            context.getRegistry().bind("ecommerceProcessor", new ECommerceProcessor());
            DeadLetters.install(context, new Settings(Map.of("DEAD_LETTER_URL", deadLetterUrl,
                    "DEAD_LETTER_MAX_REDELIVERIES", "1", "DEAD_LETTER_REDELIVERY_DELAY_MS", "50")::get));
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("inventory.yaml",
                    ROUTE.formatted(offsets)));
            context.start();

            execute(db, "INSERT INTO inventory (product_id, stock_quantity) VALUES (1000, 10)");
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM change_log") == 1
                    && Files.exists(offsets));
            String offsetBefore = Files.readString(offsets, StandardCharsets.UTF_8);

            proxy.cut();
            List<String> rows = new ArrayList<>();
            for (int product = 1; product <= 20; product++) {
                rows.add("(" + product + ", " + (product % 7 == 0 || product == 20 ? -1 : 10 + product) + ")");
            }
            // 7, 14 and 20 have a negative stock: three bad rows among twenty, in one transaction
            execute(db, "INSERT INTO inventory (product_id, stock_quantity) VALUES " + String.join(", ", rows));

            ConsumerStatus poller = (ConsumerStatus) context.getRoute("inventory-changes").getConsumer();
            await("the batch failed again and again").atMost(Duration.ofSeconds(60))
                    .until(() -> poller.readinessProblem() != null && poller.readinessProblem().attempts() >= 3);
            assertThat(Files.readString(offsets, StandardCharsets.UTF_8)).as("the offset stays").isEqualTo(offsetBefore);
            assertThat(count("SELECT count(*) FROM change_log")).as("nothing of the batch written").isEqualTo(1);

            proxy.restore();
            await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM change_log") == 18);
            RabbitTemplate template = new RabbitTemplate(rabbit);
            List<Object> deadLettered = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Message message = template.receive(QUEUE, 1000);
                if (message != null) {
                    deadLettered.add(ChangeJson.fromJson(new String(message.getBody(), StandardCharsets.UTF_8))
                            .primaryKey().get("product_id"));
                }
                assertThat(deadLettered).hasSize(3);
            });
            assertThat(deadLettered).containsExactlyInAnyOrder(7, 14, 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.readString(offsets, StandardCharsets.UTF_8)
                    .equals(offsetBefore));
        }
        assertThat(count("SELECT count(DISTINCT change_key) FROM change_log WHERE change_key <> '{\"product_id\":1000}'"))
                .as("the 17 good rows, each once").isEqualTo(17);
        assertThat(count("SELECT count(*) FROM change_log")).isEqualTo(18);
        assertThat(count("SELECT count(*) FROM change_log WHERE change_key IN ('{\"product_id\":7}',"
                + " '{\"product_id\":14}', '{\"product_id\":20}')")).as("no bad row in change_log").isZero();
    }

    private static long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
