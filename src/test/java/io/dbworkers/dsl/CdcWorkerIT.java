package io.dbworkers.dsl;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.Settings;
import io.dbworkers.deadletter.DeadLetters;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The seeds' worker shape in the Java DSL: a subclass names connection, tables, interval and column, and processes. */
class CdcWorkerIT extends ItSupport {

    static final List<DatabaseChange> SEEN = new CopyOnWriteArrayList<>();

    static class OrderProcessor extends CdcWorker {
        OrderProcessor(String connectionString) {
            super(connectionString, List.of("orders"), Duration.ofMillis(200), "updated_at");
            createdColumn("created_at");
        }

        @Override
        protected Object processChange(DatabaseChange change) {
            SEEN.add(change);
            return Map.of("processed", true, "order_id", change.primaryKey().get("id"));
        }
    }

    @Test
    void subclassProcessesChanges() throws Exception {
        try (HikariDataSource db = freshPostgres(CdcWorkerIT.class); CamelContext context = new DefaultCamelContext()) {
            execute(db, "CREATE TABLE orders (id SERIAL PRIMARY KEY, status TEXT,"
                    + " created_at TIMESTAMP DEFAULT now(), updated_at TIMESTAMP DEFAULT now())",
                    "INSERT INTO orders (status) VALUES ('pending')");
            context.getRegistry().bind("dataSource", db);
            DeadLetters.install(context, new Settings(Map.<String, String>of()::get));
            context.addRoutes(new OrderProcessor("postgresql://" + PG_USER + "@" + PG_HOST + ":5432/"
                    + nameFor(CdcWorkerIT.class)));
            context.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.size() == 1);
            execute(db, "UPDATE orders SET status = 'paid', updated_at = now() WHERE id = 1");
            await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.size() == 2);
            assertThat(SEEN).extracting(DatabaseChange::changeType).containsExactly(ChangeType.INSERT, ChangeType.UPDATE);
            assertThat(SEEN.get(1).newData()).containsEntry("status", "paid");
        }
    }
}
