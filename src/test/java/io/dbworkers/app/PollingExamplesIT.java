package io.dbworkers.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shipped polling examples, run by the jar against the seed 001 schema on PostgreSQL and MariaDB. */
class PollingExamplesIT extends ItSupport {

    @TempDir
    Path workDir;

    @Test
    void postgresExample() throws Exception {
        try (HikariDataSource db = freshPostgres(PollingExamplesIT.class)) {
            execute(db, SEED_001_SCHEMA);
            String url = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + nameFor(PollingExamplesIT.class);
            run(db, url, Path.of("examples/postgres-orders.yaml").toAbsolutePath().toString(),
                    "UPDATE orders SET status = 'paid', updated_at = now() WHERE id = 1",
                    "UPDATE inventory SET stock_quantity = 3, updated_at = now() WHERE product_id = 1");
        }
    }

    @Test
    void mariaDbExample() throws Exception {
        try (HikariDataSource db = freshMariaDb(PollingExamplesIT.class)) {
            execute(db, "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_email VARCHAR(255) NOT NULL,"
                            + " status VARCHAR(50) DEFAULT 'pending', total_amount DECIMAL(10,2),"
                            + " created_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6),"
                            + " updated_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))",
                    "CREATE TABLE inventory (product_id INT PRIMARY KEY, stock_quantity INT NOT NULL DEFAULT 0,"
                            + " low_stock_threshold INT DEFAULT 5,"
                            + " updated_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))");
            String url = "mariadb://" + MARIADB_USER + "@" + MARIADB_HOST + ":3306/" + nameFor(PollingExamplesIT.class);
            run(db, url, Path.of("examples/mariadb-orders.yaml").toAbsolutePath().toString(),
                    "UPDATE orders SET status = 'paid' WHERE id = 1",
                    "UPDATE inventory SET stock_quantity = 3 WHERE product_id = 1");
        }
    }

    private void run(HikariDataSource db, String url, String example, String... updates) throws Exception {
        execute(db, "INSERT INTO inventory (product_id, stock_quantity) VALUES (1, 100), (2, 50), (3, 25)",
                "INSERT INTO orders (customer_email, total_amount) VALUES ('customer@example.com', 99.99)");
        try (JarProcess jar = JarProcess.start(workDir, Map.of("DATABASE_URL", url), example)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jar.output()).contains(
                    "Processed INSERT on orders: {'action': 'new_order_processed', 'order_id': 1,"
                            + " 'customer_email': 'customer@example.com', 'total_amount': 99.99}",
                    "Processed UPDATE on inventory: {'action': 'inventory_updated', 'product_id': 3, 'old_stock': None,"
                            + " 'new_stock': 25}"));
            execute(db, updates);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jar.output()).contains(
                    "Processed UPDATE on orders: {'action': 'status_change', 'order_id': 1, 'old_status': None,"
                            + " 'new_status': 'paid'}",
                    "Processed UPDATE on inventory: {'action': 'inventory_updated', 'product_id': 1, 'old_stock': None,"
                            + " 'new_stock': 3}"));
        }
    }
}
