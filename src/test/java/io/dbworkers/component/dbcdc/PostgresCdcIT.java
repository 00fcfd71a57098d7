package io.dbworkers.component.dbcdc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The e-commerce example of seed 001 captured from PostgreSQL's log, with old values on UPDATE and DELETE. */
class PostgresCdcIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcIT.class);
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(PostgresCdcIT.class);
        execute(db, SEED_001_SCHEMA);
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void capturesInsertsUpdatesAndDeletesWithOldValues() throws Exception {
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=orders,order_items,inventory&replicaIdentityFull=true&heartbeatInterval=1000"
                     + "&offsetFile=" + CdcCapture.offsetFile(NAME);
        Instant before = Instant.now().minusSeconds(5);
        try (CdcCapture capture = CdcCapture.start(uri)) {
            CdcCapture.awaitSlotActive(NAME);
            execute(db,
                    "INSERT INTO inventory (product_id, stock_quantity) VALUES (1, 100), (2, 50), (3, 25)",
                    "INSERT INTO orders (customer_email, total_amount) VALUES ('customer@example.com', 99.99)",
                    "INSERT INTO order_items (order_id, product_id, quantity, price) VALUES (1, 1, 2, 49.99)",
                    "UPDATE orders SET status = 'paid' WHERE id = 1",
                    "UPDATE orders SET status = 'shipped' WHERE id = 1",
                    "UPDATE inventory SET stock_quantity = 3 WHERE product_id = 1",
                    "DELETE FROM order_items WHERE id = 1");

            await().atMost(Duration.ofSeconds(60)).until(() -> capture.changes.size() >= 9);
            List<DatabaseChange> changes = capture.changes;
            assertThat(changes).extracting(c -> c.table() + " " + c.changeType()).containsExactly(
                    "inventory INSERT", "inventory INSERT", "inventory INSERT", "orders INSERT",
                    "order_items INSERT", "orders UPDATE", "orders UPDATE", "inventory UPDATE", "order_items DELETE");
            assertThat(changes).allSatisfy(c -> {
                assertThat(c.schema()).isEqualTo("public");
                assertThat(c.source().mode()).isEqualTo("pgoutput");
                assertThat(c.timestamp()).isBetween(before, Instant.now());
            });

            DatabaseChange order = changes.get(3);
            assertThat(order.primaryKey()).isEqualTo(Map.of("id", 1));
            assertThat(order.oldData()).isNull();
            assertThat(order.newData()).containsEntry("customer_email", "customer@example.com")
                    .containsEntry("status", "pending").containsEntry("total_amount", new BigDecimal("99.99"))
                    .containsEntry("created_at", createdAt());
            assertThat(ChangeJson.toJson(order)).contains("\"total_amount\":99.99");
            assertThat(changes.get(4).newData()).containsEntry("price", new BigDecimal("49.99"));

            DatabaseChange paid = changes.get(5);
            assertThat(paid.oldData()).containsEntry("status", "pending");
            assertThat(paid.newData()).containsEntry("status", "paid");
            DatabaseChange shipped = changes.get(6);
            assertThat(shipped.oldData()).containsEntry("status", "paid");
            assertThat(shipped.newData()).containsEntry("status", "shipped");

            DatabaseChange stock = changes.get(7);
            assertThat(stock.primaryKey()).isEqualTo(Map.of("product_id", 1));
            assertThat(stock.oldData()).containsEntry("stock_quantity", 100);
            assertThat(stock.newData()).containsEntry("stock_quantity", 3);

            DatabaseChange deleted = changes.get(8);
            assertThat(deleted.changeType()).isEqualTo(ChangeType.DELETE);
            assertThat(deleted.newData()).isNull();
            assertThat(deleted.oldData()).containsEntry("order_id", 1).containsEntry("product_id", 1)
                    .containsEntry("quantity", 2).containsEntry("price", new BigDecimal("49.99"));
            assertThat(Long.parseLong(deleted.source().position()))
                    .isGreaterThan(Long.parseLong(stock.source().position()));

            assertThat(CdcCapture.postgresSlots().list()).filteredOn(s -> s.name().equals(NAME)).singleElement()
                    .satisfies(slot -> {
                        assertThat(slot.database()).isEqualTo(NAME);
                        assertThat(slot.plugin()).isEqualTo("pgoutput");
                        assertThat(slot.active()).isTrue();
                        assertThat(slot.confirmedFlushLsn()).matches("[0-9A-F]+/[0-9A-F]+");
                        assertThat(slot.retainedWalBytes()).isNotNull().isNotNegative();
                    });
        }
    }

    private static LocalDateTime createdAt() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT created_at FROM orders WHERE id = 1")) {
            rs.next();
            return rs.getObject(1, LocalDateTime.class);
        }
    }
}
