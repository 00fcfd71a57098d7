package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code init cdc NAME} in an empty directory, then the generated route runs as is on the embedded database. */
class InitCdcIT {

    @TempDir
    Path workDir;

    @Test
    void generatedRouteRunsOnTheEmbeddedDatabase() throws Exception {
        // without --database-type: the route asks for the lag watermark, the only one the embedded database allows
        try (JarProcess init = JarProcess.start(workDir, Map.of(), "init", "cdc", "shop-cdc")) {
            assertThat(init.waitFor(60)).as(init.output()).isZero();
        }
        assertThat(Files.readString(workDir.resolve("routes/shop-cdc.yaml"))).contains("id: shop-cdc");
        assertThat(Files.readString(workDir.resolve("application.properties")))
                .contains("shop-cdc.table = orders").contains("shop-cdc.watermark = lag");

        try (JarProcess jar = JarProcess.start(workDir, Map.of(), "routes/shop-cdc.yaml")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> jar.output().contains("Started shop-cdc"));
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + workDir.resolve("data/embedded")
                    + ";AUTO_SERVER=TRUE", "sa", ""); Statement s = c.createStatement()) {
                s.execute("INSERT INTO orders (customer_email, total_amount) VALUES ('a@example.com', 10)");
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jar.output())
                    .contains("shop-cdc: UPDATE on orders key {id=1}"));
        }
    }
}
