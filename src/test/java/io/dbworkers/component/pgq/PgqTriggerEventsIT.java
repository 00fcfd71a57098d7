package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;

/**
 * Insert, update and delete through the real {@code pgq.logutriga} (with {@code backup}) and {@code pgq.sqltriga}
 * triggers arrive as the same typed {@link DatabaseChange}s, key, old and new row included.
 */
class PgqTriggerEventsIT extends PgqItSupport {

    private static HikariDataSource db;
    private static CamelContext context;
    private static final List<DatabaseChange> changes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        db = freshQueue(PgqTriggerEventsIT.class, "triggers");
        execute(db, "CREATE TABLE logu (id int PRIMARY KEY, name text, price numeric(8,2), active boolean)",
                "CREATE TABLE sqlt (id int PRIMARY KEY, name text, price numeric(8,2), active boolean)",
                "CREATE TRIGGER logu_q AFTER INSERT OR UPDATE OR DELETE ON logu FOR EACH ROW"
                + " EXECUTE PROCEDURE pgq.logutriga('triggers', 'backup')",
                "CREATE TRIGGER sqlt_q AFTER INSERT OR UPDATE OR DELETE ON sqlt FOR EACH ROW"
                + " EXECUTE PROCEDURE pgq.sqltriga('triggers')");
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", db);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pgq:triggers?idleDelay=200&maxRetries=0&deadLetterUri=log:dead").routeId("triggers")
                        .process(exchange -> changes.add(exchange.getMessage().getBody(DatabaseChange.class)));
            }
        });
        context.start();
    }

    @AfterAll
    static void stop() {
        context.stop();
        db.close();
    }

    @Test
    void logutrigaAndSqltrigaBecomeTheSameChanges() {
        for (String table : List.of("logu", "sqlt")) {
            execute(db, "INSERT INTO " + table + " VALUES (1, 'it''s a \"test\" & more', 9.50, true)",
                    "UPDATE " + table + " SET name = 'renamed', active = false WHERE id = 1",
                    "DELETE FROM " + table + " WHERE id = 1");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            tick(db, "triggers");
            return changes.size() >= 6;
        });
        assertThat(changes).hasSize(6);
        for (int t = 0; t < 2; t++) {
            String table = t == 0 ? "logu" : "sqlt";
            DatabaseChange insert = changes.get(t * 3);
            DatabaseChange update = changes.get(t * 3 + 1);
            DatabaseChange delete = changes.get(t * 3 + 2);
            assertThat(insert.qualifiedTable()).isEqualTo("public." + table);
            assertThat(insert.changeType()).isEqualTo(ChangeType.INSERT);
            assertThat(insert.primaryKey()).isEqualTo(Map.of("id", 1));
            assertThat(insert.newData()).containsEntry("name", "it's a \"test\" & more")
                    .containsEntry("price", new BigDecimal("9.50")).containsEntry("active", true);
            assertThat(update.changeType()).isEqualTo(ChangeType.UPDATE);
            assertThat(update.primaryKey()).isEqualTo(Map.of("id", 1));
            assertThat(update.newData()).containsEntry("name", "renamed").containsEntry("active", false);
            assertThat(delete.changeType()).isEqualTo(ChangeType.DELETE);
            assertThat(delete.primaryKey()).isEqualTo(Map.of("id", 1));
            assertThat(delete.newData()).isNull();
        }
        assertThat(changes.get(1).oldData()).as("logutriga backup").containsEntry("name", "it's a \"test\" & more");
    }
}
