package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changes dead-lettered because the table their route writes to is missing come back through that route with
 * {@code dlq replay} once the table exists: a dry run changes nothing, a replay that fails again keeps every entry,
 * and a successful one writes the rows and empties the dead_letters table.
 */
class DlqReplayIT {

    private static final String ROUTE = """
            - route:
                id: orders-archive
                routeConfigurationId: dead-letter
                from:
                  uri: db-poll:orders
                  parameters:
                    timestampColumn: updated_at
                    createdColumn: created_at
                    delay: 500
                  steps:
                    - to:
                        uri: "sql:INSERT INTO order_archive (id) VALUES (:#${body.primaryKey[id]})"
            """;

    @TempDir
    Path workDir;

    @Test
    void replayBringsTheChangesBackThroughTheirRoute() throws Exception {
        Files.writeString(Files.createDirectories(workDir.resolve("routes")).resolve("archive.yaml"), ROUTE);
        Files.copy(Path.of("application.properties"), workDir.resolve("application.properties"));
        Map<String, String> env = Map.of("DEAD_LETTER_MAX_REDELIVERIES", "0");
        try (JarProcess jar = JarProcess.start(workDir, env)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> jar.output().contains("Started orders-archive"));
            execute("INSERT INTO orders (customer_email, total_amount) VALUES ('a@example.com', 10)",
                    "INSERT INTO orders (customer_email, total_amount) VALUES ('b@example.com', 20)");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(ids("SELECT id FROM dead_letters")).hasSize(2));
            jar.stop();
        }

        String list = dlq("list");
        assertThat(list).contains("2 dead letter(s) in the dead_letters table")
                .contains("\torders-archive\tpublic.orders\t{\"id\":1}\t");

        String failed = dlqFails("replay");
        assertThat(failed).contains("db-workers: dead letter 1 failed again in direct:db-workers-replay-orders-archive");
        assertThat(ids("SELECT id FROM dead_letters")).as("a failed replay keeps the entries").hasSize(2);

        execute("CREATE TABLE order_archive (id BIGINT PRIMARY KEY)");
        String dryRun = dlq("replay", "--dry-run");
        assertThat(dryRun).contains("would replay 1\t").contains("-> direct:db-workers-replay-orders-archive")
                .contains("2 dead letter(s) would be replayed (dry run: nothing changed)");
        assertThat(ids("SELECT id FROM order_archive")).isEmpty();

        String replay = dlq("replay");
        assertThat(replay).contains("replayed 1 -> direct:db-workers-replay-orders-archive, removed")
                .contains("2 dead letter(s) replayed");
        assertThat(ids("SELECT id FROM order_archive")).containsExactly(1L, 2L);
        assertThat(ids("SELECT id FROM dead_letters")).isEmpty();
    }

    private String dlq(String... args) throws Exception {
        try (JarProcess jar = JarProcess.start(workDir, Map.of(), prepend(args))) {
            assertThat(jar.waitFor(120)).as(jar.output()).isZero();
            return jar.output();
        }
    }

    private String dlqFails(String... args) throws Exception {
        try (JarProcess jar = JarProcess.start(workDir, Map.of(), prepend(args))) {
            assertThat(jar.waitFor(120)).as(jar.output()).isEqualTo(1);
            return jar.output();
        }
    }

    private static String[] prepend(String... args) {
        List<String> all = new ArrayList<>(List.of("dlq"));
        all.addAll(List.of(args));
        return all.toArray(new String[0]);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + workDir.resolve("data/embedded") + ";AUTO_SERVER=TRUE",
                "sa", "");
    }

    private void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private List<Long> ids(String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql + " ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
