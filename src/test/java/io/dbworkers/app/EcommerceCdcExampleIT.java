package io.dbworkers.app;

import java.nio.file.Files;
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

/**
 * Seed 001 as a user runs it: its schema and test data in a fresh database, {@code java -jar db-workers.jar
 * examples/ecommerce-cdc.yaml}, then its test statements; the output has the seed's "Expected Output" lines, old values
 * included.
 */
class EcommerceCdcExampleIT extends ItSupport {

    private static final String SLOT = "ecommerce_cdc_slot";
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(SLOT);
        db = freshPostgres(EcommerceCdcExampleIT.class);
        execute(db, SEED_001_SCHEMA);
        execute(db,
                "INSERT INTO inventory (product_id, stock_quantity) VALUES (1, 100), (2, 50), (3, 25)",
                "INSERT INTO orders (customer_email, total_amount) VALUES ('customer@example.com', 99.99)",
                "INSERT INTO order_items (order_id, product_id, quantity, price) VALUES (1, 1, 2, 49.99)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(SLOT);
        db.close();
    }

    @Test
    void printsTheSeedsExpectedOutput() throws Exception {
        Path examples = Files.createDirectories(workDir.resolve("examples"));
        Files.copy(Path.of("examples", "ecommerce-cdc.yaml"), examples.resolve("ecommerce-cdc.yaml"));
        String url = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + nameFor(EcommerceCdcExampleIT.class);
        try (JarProcess jar = JarProcess.start(workDir, Map.of("DATABASE_URL", url), "examples/ecommerce-cdc.yaml")) {
            CdcCapture.awaitSlotActive(SLOT);
            execute(db, "UPDATE orders SET status = 'paid' WHERE id = 1",
                    "UPDATE orders SET status = 'shipped' WHERE id = 1",
                    "UPDATE inventory SET stock_quantity = 3 WHERE product_id = 1");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jar.output())
                    .contains("Processed UPDATE on inventory:"));
            assertThat(jar.output().lines().filter(line -> line.contains("Processed ")).map(
                    line -> line.substring(line.indexOf("Processed "))))
                    .containsExactly(
                            "Processed UPDATE on orders: {'action': 'status_change', 'order_id': 1,"
                            + " 'old_status': 'pending', 'new_status': 'paid'}",
                            "Processed UPDATE on orders: {'action': 'status_change', 'order_id': 1,"
                            + " 'old_status': 'paid', 'new_status': 'shipped'}",
                            "Processed UPDATE on inventory: {'action': 'inventory_updated', 'product_id': 1,"
                            + " 'old_stock': 100, 'new_stock': 3}");
            assertThat(jar.output()).contains("Low stock alert: Product 1, Stock: 3").doesNotContain("Exception");
        }
    }
}
