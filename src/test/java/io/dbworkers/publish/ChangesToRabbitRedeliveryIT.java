package io.dbworkers.publish;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch that was published but whose exchange then failed is delivered and published again (at least once): every
 * repeated message has the message_id of its first delivery, and different changes have different ids.
 */
class ChangesToRabbitRedeliveryIT extends ItSupport {

    private static final String NAME = nameFor(ChangesToRabbitRedeliveryIT.class);
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(ChangesToRabbitRedeliveryIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void aRedeliveredChangeKeepsItsMessageId() throws Exception {
        RabbitChangePublisher publisher = new RabbitChangePublisher();
        publisher.setUrl(AMQP_URI);
        publisher.setExchange(NAME);
        AtomicInteger exchanges = new AtomicInteger();
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=orders&batch=true&retryDelay=200&maxRetryDelay=400&offsetFile="
                     + CdcCapture.offsetFile(NAME);
        try (RabbitExchangeQueue queue = new RabbitExchangeQueue(NAME, NAME);
             CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("changePublisher", publisher);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(noErrorHandler());
                    from(uri).process("changePublisher").process(exchange -> {
                        if (exchanges.incrementAndGet() == 1) {
                            throw new IllegalStateException("the offset could not be saved after the confirms");
                        }
                    });
                }
            });
            context.start();
            execute(db, "BEGIN", "INSERT INTO orders (id, status) VALUES (1, 'pending')",
                    "INSERT INTO orders (id, status) VALUES (2, 'pending')",
                    "UPDATE orders SET status = 'paid' WHERE id = 1", "COMMIT");

            // the failed batch, and any batch the engine read after it (published meanwhile, the transaction may
            // come in two batches), are published again in order: every change arrives twice
            await().atMost(Duration.ofSeconds(60)).until(() -> exchanges.get() >= 2
                    && queue.read().stream().collect(Collectors.groupingBy(
                            r -> r.routingKey() + " " + r.change().row().get("id"), Collectors.counting()))
                    .values().stream().filter(n -> n >= 2).count() == 3);
            List<RabbitExchangeQueue.Received> received = queue.read();
            Map<String, Set<String>> idsByChange = received.stream().collect(Collectors.groupingBy(
                    r -> r.routingKey() + " " + r.change().row().get("id"),
                    Collectors.mapping(RabbitExchangeQueue.Received::messageId, Collectors.toSet())));
            assertThat(idsByChange).hasSize(3).allSatisfy((change, ids) -> assertThat(ids).hasSize(1));
            assertThat(received.size()).as("the first batch was published twice").isGreaterThan(3);
        }
    }
}
