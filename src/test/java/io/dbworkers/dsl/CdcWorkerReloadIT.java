package io.dbworkers.dsl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reloading a CdcWorker's routes again and again keeps one pool and its connections, and stopping the context closes
 * it: no pool, thread or database connection is left behind.
 */
class CdcWorkerReloadIT extends ItSupport {

    private static final String NAME = nameFor(CdcWorkerReloadIT.class);
    private static final int RELOADS = 10;
    private static final AtomicInteger SEEN = new AtomicInteger();

    static class ReloadedWorker extends CdcWorker {
        ReloadedWorker(String connectionString) {
            super(connectionString, List.of("orders"), Duration.ofMillis(100), "updated_at");
        }

        @Override
        protected String routeConfigurationId() {
            return null;
        }

        @Override
        protected Object processChange(DatabaseChange change) {
            SEEN.incrementAndGet();
            return Map.of("order_id", change.primaryKey().get("id"));
        }
    }

    @Test
    void reloadsAndStopLeaveNoPoolBehind() throws Exception {
        try (HikariDataSource db = freshPostgres(CdcWorkerReloadIT.class)) {
            execute(db, "CREATE TABLE orders (id SERIAL PRIMARY KEY, status TEXT, updated_at TIMESTAMP DEFAULT now())",
                    "INSERT INTO orders (status) VALUES ('pending')");
        }
        String url = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME;
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new ReloadedWorker(url));
        context.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.get() >= 1);

        for (int i = 0; i < RELOADS; i++) {
            for (Route route : List.copyOf(context.getRoutes())) {
                if (route.getRouteId().startsWith("reloadedworker-")) {
                    context.getRouteController().stopRoute(route.getRouteId());
                    context.removeRoute(route.getRouteId());
                }
            }
            context.addRoutes(new ReloadedWorker(url));
        }
        int before = SEEN.get();
        try (Connection c = DriverManager.getConnection(postgresJdbcUrl(NAME), PG_USER, null)) {
            c.createStatement().execute("UPDATE orders SET status = 'paid', updated_at = now() + interval '1 second'");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.get() > before);
        assertThat(poolThreads()).as("one pool after " + RELOADS + " reloads").isEqualTo(1);
        assertThat(connections()).as("connections of the worker's one pool (at most 4)").isBetween(1, 4);

        context.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> poolThreads() == 0 && connections() == 0);
    }

    /** Each Hikari pool has one housekeeper thread named after the pool. */
    private static long poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ReloadedWorkerDataSource") && t.getName().endsWith("housekeeper"))
                .count();
    }

    /** Connections to the test's database other than the one asking. */
    private static int connections() throws Exception {
        try (Connection c = DriverManager.getConnection(postgresJdbcUrl("postgres"), PG_USER, null);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            ps.setString(1, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
