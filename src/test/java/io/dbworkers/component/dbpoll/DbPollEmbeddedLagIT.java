package io.dbworkers.component.dbpoll;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded database (H2) cannot tell when its transactions started: db-poll re-reads the last safetyLag and
 * delivers a row that committed late, once, and never a row twice. Also: INSERT/UPDATE from the created column,
 * DELETE from the soft-delete column, excluded columns, and a restart resuming from the offset file.
 */
class DbPollEmbeddedLagIT {

    @TempDir
    Path dir;

    @Test
    void lateRowIsDeliveredOnceAndRestartResumes() throws Exception {
        try (HikariDataSource db = DataSources.pool("h2", new ConnectionUrl("jdbc:h2:mem:lag;DB_CLOSE_DELAY=-1",
                "sa", ""), 4)) {
            exec(db, "CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(20), secret VARCHAR(20),"
                    + " deleted BOOLEAN DEFAULT FALSE, created_at TIMESTAMP, updated_at TIMESTAMP)");
            exec(db, "INSERT INTO orders VALUES (1, 'pending', 'x', FALSE, LOCALTIMESTAMP, LOCALTIMESTAMP)");
            List<DatabaseChange> delivered = new CopyOnWriteArrayList<>();
            String uri = "db-poll:orders?dataSource=#db&timestampColumn=updated_at&createdColumn=created_at"
                    + "&softDeleteColumn=deleted&excludeColumns=secret&safetyLag=3000&delay=100&offsetFile="
                    + dir.resolve("offsets.json");
            try (CamelContext context = context(db, uri, delivered)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);
                // a transaction that stamped its row 2 s ago and commits only now: behind what was already read
                exec(db, "INSERT INTO orders VALUES (2, 'pending', 'y', FALSE, LOCALTIMESTAMP - INTERVAL '2' SECOND,"
                        + " LOCALTIMESTAMP - INTERVAL '2' SECOND)");
                exec(db, "UPDATE orders SET status = 'paid', updated_at = LOCALTIMESTAMP + INTERVAL '0.01' SECOND"
                        + " WHERE id = 1");
                await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 3);
            }
            assertThat(delivered).extracting(c -> c.primaryKey().get("id") + " " + c.changeType())
                    .containsExactly("1 INSERT", "2 INSERT", "1 UPDATE");
            assertThat(delivered.get(0).newData()).containsOnlyKeys("id", "status", "deleted", "created_at",
                    "updated_at");
            assertThat(delivered.get(0).table()).isEqualTo("orders");

            exec(db, "UPDATE orders SET deleted = TRUE, updated_at = LOCALTIMESTAMP + INTERVAL '0.02' SECOND"
                    + " WHERE id = 2");
            List<DatabaseChange> afterRestart = new CopyOnWriteArrayList<>();
            try (CamelContext context = context(db, uri, afterRestart)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !afterRestart.isEmpty());
                // more polls over the look-back window deliver nothing already seen
                await().pollDelay(Duration.ofMillis(800)).until(() -> true);
            }
            assertThat(afterRestart).as("delivered after the restart").hasSize(1);
            DatabaseChange delete = afterRestart.get(0);
            assertThat(delete.changeType()).isEqualTo(ChangeType.DELETE);
            assertThat(delete.newData()).isNull();
            assertThat(delete.oldData()).containsEntry("id", 2);
        }
    }

    private static CamelContext context(HikariDataSource db, String uri, List<DatabaseChange> sink) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("db", db);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> sink.add(e.getMessage().getBody(DatabaseChange.class)));
            }
        });
        context.start();
        return context;
    }

    private static void exec(HikariDataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
