package io.dbworkers.publish;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped examples/changes-to-rabbitmq.yaml through the jar: inserts, updates and deletes reach a queue bound to
 * the topic exchange as persistent JSON with old values and {@code schema.table.op} routing keys, except what the
 * route's filters skip (a table, and UPDATEs that changed only updated_at).
 */
class ChangesToRabbitIT extends ItSupport {

    private static final String NAME = nameFor(ChangesToRabbitIT.class);
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(ChangesToRabbitIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL,"
                    + " updated_at TIMESTAMP NOT NULL DEFAULT now())",
                "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, note TEXT)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void publishesChangesWithRoutingKeysAndSkipsWhatTheFiltersSay() throws Exception {
        Map<String, String> env = ChangesToRabbit.settings(NAME, "orders,audit_log");
        env.put("SKIP_TABLES", "audit_log");
        env.put("SKIP_WHEN_ONLY_CHANGED", "updated_at");
        try (RabbitExchangeQueue queue = new RabbitExchangeQueue(NAME, NAME);
             JarProcess jar = ChangesToRabbit.start(workDir, env)) {
            execute(db,
                    "INSERT INTO orders (id, status) VALUES (1, 'pending'), (2, 'pending')",
                    "INSERT INTO audit_log (id, note) VALUES (1, 'skipped table')",
                    "UPDATE orders SET status = 'paid', updated_at = now() WHERE id = 1",
                    // the migration flurry: only updated_at changes
                    "UPDATE orders SET updated_at = updated_at + interval '1 second'",
                    "DELETE FROM orders WHERE id = 2",
                    "INSERT INTO orders (id, status) VALUES (3, 'last')");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(queue.keys())
                    .as(jar.output()).contains("public.orders.insert 3"));
            // nothing skipped arrives late
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> queue.read().size() == 5);
            assertThat(queue.keys()).containsExactly("public.orders.insert 1", "public.orders.insert 2",
                    "public.orders.update 1", "public.orders.delete 2", "public.orders.insert 3");

            List<RabbitExchangeQueue.Received> received = queue.read();
            assertThat(received).allSatisfy(r -> {
                assertThat(r.persistent()).isTrue();
                assertThat(r.contentType()).isEqualTo("application/json");
                assertThat(r.change().schema()).isEqualTo("public");
                assertThat(r.change().source().mode()).isEqualTo("pgoutput");
            });
            DatabaseChange paid = received.get(2).change();
            assertThat(paid.changeType()).isEqualTo(ChangeType.UPDATE);
            assertThat(paid.oldData()).containsEntry("status", "pending");
            assertThat(paid.newData()).containsEntry("status", "paid");
            DatabaseChange deleted = received.get(3).change();
            assertThat(deleted.newData()).isNull();
            assertThat(deleted.oldData()).containsEntry("id", 2).containsEntry("status", "pending");
            assertThat(jar.output()).doesNotContain("Exception");
        }
    }
}
