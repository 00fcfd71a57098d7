package io.dbworkers.publish;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/changes-to-rabbitmq.yaml as a new user first runs it, without CDC_TABLES: every table is captured with its
 * old values (REPLICA IDENTITY FULL applied to each), the exchange exists as soon as the worker is ready, so a queue
 * bound then gets the very first changes, and every message carries a message_id.
 */
class ChangesToRabbitAllTablesIT extends ItSupport {

    private static final String NAME = nameFor(ChangesToRabbitAllTablesIT.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(ChangesToRabbitAllTablesIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)",
                "CREATE SCHEMA shop", "CREATE TABLE shop.customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        RabbitExchangeQueue.deleteExchange(NAME);
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void everyTableIsPublishedToAQueueBoundAsSoonAsTheWorkerIsReady() throws Exception {
        Map<String, String> env = ChangesToRabbit.settings(NAME, "");
        env.remove("CDC_TABLES");
        Path examples = Files.createDirectories(workDir.resolve("examples"));
        Files.copy(ChangesToRabbit.ROUTE_FILE, examples.resolve(ChangesToRabbit.ROUTE_FILE.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        try (JarProcess jar = JarProcess.start(workDir, env, "examples/" + ChangesToRabbit.ROUTE_FILE.getFileName())) {
            String ready = "http://127.0.0.1:" + jar.httpPort() + "/observe/health/ready";
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
                assertThat(jar.isAlive()).as(jar.output()).isTrue();
                return get(ready).statusCode() == 200;
            });
            assertThat(get(ready).body()).contains("publisher:" + NAME);

            try (RabbitExchangeQueue queue = RabbitExchangeQueue.bindToExisting(NAME, NAME)) {
                execute(db, "INSERT INTO orders (id, status) VALUES (1, 'pending')",
                        "INSERT INTO shop.customers (id, name) VALUES (7, 'Ada')",
                        "UPDATE orders SET status = 'paid' WHERE id = 1",
                        "UPDATE shop.customers SET name = 'Ada L.' WHERE id = 7");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(queue.read())
                        .as(jar.output()).hasSize(4));
                assertThat(queue.keys()).containsExactly("public.orders.insert 1", "shop.customers.insert 7",
                        "public.orders.update 1", "shop.customers.update 7");
                List<RabbitExchangeQueue.Received> received = queue.read();
                DatabaseChange paid = received.get(2).change();
                assertThat(paid.oldData()).containsEntry("status", "pending");
                DatabaseChange renamed = received.get(3).change();
                assertThat(renamed.oldData()).containsEntry("name", "Ada");
                assertThat(received).extracting(RabbitExchangeQueue.Received::messageId).doesNotContainNull()
                        .doesNotHaveDuplicates();
                assertThat(received.get(0).messageId()).endsWith(":public.orders:{\"id\":1}");
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
