package io.dbworkers.component.dbcdc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * db-cdc with batch=true: a batch read from the log arrives as one List of changes in log order; while its exchange fails it
 * is delivered again whole and the offset stays where it was; once it completes the offset moves past all of it.
 */
class PostgresCdcBatchIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcBatchIT.class);
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(PostgresCdcBatchIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void aFailedBatchIsDeliveredAgainWholeAndCommittedOnlyWhenItCompletes() throws Exception {
        String offsetFile = CdcCapture.offsetFile(NAME);
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=orders&batch=true&retryDelay=100&maxRetryDelay=200&offsetFile=" + offsetFile;
        List<List<Object>> delivered = new CopyOnWriteArrayList<>();
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(CdcCapture.withReader(uri)).routeId("batch").process(exchange -> {
                    List<?> batch = exchange.getMessage().getBody(List.class);
                    delivered.add(batch.stream().map(c -> ((DatabaseChange) c).primaryKey().get("id")).toList());
                    if (failing.get() && batch.stream().anyMatch(c -> ((DatabaseChange) c).primaryKey().get("id")
                            .equals(2))) {
                        failures.incrementAndGet();
                        throw new IllegalStateException("the target is down");
                    }
                });
            }
        });
        context.start();
        try {
            CdcCapture.awaitSlotActive(NAME);
            execute(db, "INSERT INTO orders (id, status) VALUES (0, 'pending')");
            await().atMost(Duration.ofSeconds(60)).until(() -> !delivered.isEmpty() && Files.exists(Path.of(offsetFile)));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(Path.of(offsetFile)).contains(
                    "\"lsn\\\":"));
            String offsetBefore = Files.readString(Path.of(offsetFile));

            execute(db, "BEGIN", "INSERT INTO orders (id, status) VALUES (1, 'pending')",
                    "INSERT INTO orders (id, status) VALUES (2, 'pending')",
                    "UPDATE orders SET status = 'paid' WHERE id = 1", "COMMIT");
            await().atMost(Duration.ofSeconds(60)).until(() -> failures.get() >= 3);
            assertThat(Files.readString(Path.of(offsetFile))).isEqualTo(offsetBefore);
            List<Object> failed = delivered.get(delivered.size() - 1);
            assertThat(failed).containsExactly(1, 2, 1);

            failing.set(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.readString(Path.of(offsetFile))
                    .equals(offsetBefore));
            assertThat(delivered.get(0)).containsExactly(0);
            assertThat(delivered.subList(1, delivered.size())).allSatisfy(batch -> assertThat(batch)
                    .containsExactly(1, 2, 1));
            assertThat(delivered.size()).isEqualTo(failures.get() + 2);
        } finally {
            context.stop();
        }
    }
}
