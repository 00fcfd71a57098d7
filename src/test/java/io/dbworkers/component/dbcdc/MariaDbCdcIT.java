package io.dbworkers.component.dbcdc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Inserts, updates and deletes with old values read from MariaDB's row binlog, after a snapshot of the table. */
class MariaDbCdcIT extends ItSupport {

    private static final String NAME = nameFor(MariaDbCdcIT.class);
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        db = freshMariaDb(MariaDbCdcIT.class);
        execute(db, """
                CREATE TABLE orders (
                    id INT AUTO_INCREMENT PRIMARY KEY,
                    customer_email VARCHAR(255) NOT NULL,
                    status VARCHAR(50) DEFAULT 'pending',
                    total_amount DECIMAL(10,2),
                    created_at DATETIME(6) NOT NULL
                )""",
                "INSERT INTO orders (customer_email, total_amount, created_at)"
                + " VALUES ('first@example.com', 10.50, '2026-11-20 10:00:00.123456')");
    }

    @AfterAll
    static void cleanUp() {
        db.close();
    }

    @Test
    void capturesChangesWithOldValuesFromTheBinlog() throws Exception {
        String uri = "db-cdc:" + NAME + "?url=mariadb://" + MARIADB_USER + "@" + MARIADB_HOST + ":3306/" + NAME
                     + "&tables=orders&snapshot=true&serverId=48001&heartbeatInterval=1000"
                     + "&offsetFile=" + CdcCapture.offsetFile(NAME)
                     + "&schemaHistoryFile=target/it-offsets/" + NAME + "-history.dat";
        try (CdcCapture capture = CdcCapture.start(uri)) {
            // the snapshot row arrives once the binlog position is taken: what follows is streamed
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.changes.size() >= 1);
            execute(db,
                    "INSERT INTO orders (customer_email, total_amount, created_at)"
                    + " VALUES ('customer@example.com', 99.99, '2026-11-21 04:30:00.654321')",
                    "UPDATE orders SET status = 'paid' WHERE id = 2",
                    "DELETE FROM orders WHERE id = 1");

            await().atMost(Duration.ofSeconds(60)).until(() -> capture.changes.size() >= 4);
            List<DatabaseChange> changes = capture.changes;
            assertThat(changes).extracting(c -> c.changeType() + " " + c.primaryKey().get("id"))
                    .containsExactly("READ 1", "INSERT 2", "UPDATE 2", "DELETE 1");
            assertThat(changes).allSatisfy(c -> {
                assertThat(c.schema()).isEqualTo(NAME);
                assertThat(c.table()).isEqualTo("orders");
                assertThat(c.source().mode()).isEqualTo("binlog");
                assertThat(c.source().position()).matches(".+:\\d+");
                assertThat(c.timestamp()).isNotNull();
            });

            assertThat(changes.get(0).newData()).containsEntry("total_amount", new BigDecimal("10.50"));
            DatabaseChange inserted = changes.get(1);
            assertThat(inserted.oldData()).isNull();
            assertThat(inserted.newData()).containsEntry("customer_email", "customer@example.com")
                    .containsEntry("status", "pending").containsEntry("total_amount", new BigDecimal("99.99"))
                    .containsEntry("created_at", LocalDateTime.parse("2026-11-21T04:30:00.654321"));

            DatabaseChange paid = changes.get(2);
            assertThat(paid.primaryKey()).isEqualTo(Map.of("id", 2));
            assertThat(paid.oldData()).containsEntry("status", "pending");
            assertThat(paid.newData()).containsEntry("status", "paid");

            DatabaseChange deleted = changes.get(3);
            assertThat(deleted.newData()).isNull();
            assertThat(deleted.oldData()).containsEntry("customer_email", "first@example.com")
                    .containsEntry("created_at", LocalDateTime.parse("2026-11-20T10:00:00.123456"));
        }
    }
}
