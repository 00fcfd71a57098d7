package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a newcomer sees: {@code java -jar target/db-workers.jar} in a directory with the shipped routes/ and
 * application.properties, no environment, no server: the demo processes orders and stock changes, dead-letters the
 * invalid order, and picks up an edited route file within seconds.
 */
class DemoRunIT {

    @TempDir
    Path workDir;

    @Test
    void demoRunsOnTheEmbeddedDatabase() throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        Files.copy(Path.of("routes", "ecommerce-demo.yaml"), routes.resolve("ecommerce-demo.yaml"));
        Files.copy(Path.of("application.properties"), workDir.resolve("application.properties"));
        Path heartbeat = routes.resolve("heartbeat.yaml");
        Files.writeString(heartbeat, heartbeatRoute("v1"));

        try (JarProcess jar = JarProcess.start(workDir, Map.of())) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jar.output())
                    .contains("Processed INSERT on orders: {'action': 'new_order_processed', 'order_id': 1,")
                    .contains("Processed INSERT on order_items: {'action': 'item_added'")
                    .contains("Processed UPDATE on inventory: {'action': 'inventory_updated'")
                    .contains("Processed UPDATE on orders: {'action': 'status_change', 'order_id': 1,")
                    .contains("heartbeat v1"));

            Files.writeString(heartbeat, heartbeatRoute("v2"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jar.output()).contains("heartbeat v2"));

            String url = "jdbc:h2:file:" + workDir.resolve("data/embedded") + ";AUTO_SERVER=TRUE";
            // the dead_letters table appears with the first dead letter
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                try (Connection c = DriverManager.getConnection(url, "sa", "");
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT route, error, attempts FROM dead_letters")) {
                    assertThat(rs.next()).as("a dead letter").isTrue();
                    assertThat(rs.getString("route")).isEqualTo("orders-changes");
                    assertThat(rs.getString("error")).contains("has an invalid customer_email 'customer3-at-example.com'");
                    assertThat(rs.getInt("attempts")).isEqualTo(1);
                }
            });
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM change_log WHERE table_name = 'inventory'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("inventory changes bulk-written to change_log").isPositive();
            }
            assertThat(jar.output()).doesNotContain("Exception");
        }
    }

    private static String heartbeatRoute(String version) {
        return """
                - route:
                    id: heartbeat
                    from:
                      uri: timer:heartbeat
                      parameters:
                        period: 500
                      steps:
                        - log: "heartbeat %s"
                """.formatted(version);
    }
}
