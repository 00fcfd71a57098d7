package io.dbworkers.publish;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;
import io.dbworkers.it.CdcCapture;

/** Changes committed while the publishing worker was stopped are published after it starts again, none lost. */
class ChangesToRabbitRestartIT extends ItSupport {

    private static final String NAME = nameFor(ChangesToRabbitRestartIT.class);
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(ChangesToRabbitRestartIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void changesMadeWhileStoppedArriveAfterStart() throws Exception {
        Map<String, String> env = ChangesToRabbit.settings(NAME, "orders");
        try (RabbitExchangeQueue queue = new RabbitExchangeQueue(NAME, NAME)) {
            try (JarProcess jar = ChangesToRabbit.start(workDir, env)) {
                execute(db, "INSERT INTO orders (id, status) VALUES (1, 'pending')",
                        "INSERT INTO orders (id, status) VALUES (2, 'pending')");
                await().atMost(Duration.ofSeconds(60)).until(() -> queue.read().size() >= 2);
                // SIGTERM: Camel stops gracefully and the JVM exits with 143
                assertThat(jar.stop()).isIn(0, 143);
            }

            execute(db, "INSERT INTO orders (id, status) VALUES (3, 'pending')",
                    "UPDATE orders SET status = 'paid' WHERE id = 1",
                    "DELETE FROM orders WHERE id = 2");

            try (JarProcess jar = ChangesToRabbit.start(workDir, env)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> queue.read().size() >= 5);
                // a change published twice would show up here
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                        .until(() -> queue.read().size() == 5);
                assertThat(queue.keys()).as(jar.output()).containsExactly("public.orders.insert 1",
                        "public.orders.insert 2", "public.orders.insert 3", "public.orders.update 1",
                        "public.orders.delete 2");
            }
        }
    }
}
