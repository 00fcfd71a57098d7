package io.dbworkers.component.dbpoll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;
import io.dbworkers.support.ConsumerMetrics;
import io.dbworkers.support.ConsumerStatus;

/**
 * A capture user without {@code pg_read_all_stats}: under {@code watermark=auto} the consumer's health details say
 * it polls in {@code lag} mode, and the route {@code init cdc} writes for PostgreSQL, which asks for
 * {@code transactions}, stops at start-up with one line naming the setting and the missing privilege.
 */
class DbPollWatermarkPrivilegeIT extends ItSupport {

    private static final String DB = nameFor(DbPollWatermarkPrivilegeIT.class);
    private static final String CAPTURE_USER = DB + "_capture";
    private static HikariDataSource db;
    private static HikariDataSource capture;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshPostgres(DbPollWatermarkPrivilegeIT.class);
        execute(db, SEED_001_SCHEMA);
        execute(db, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + CAPTURE_USER + "') THEN"
                        + " CREATE ROLE " + CAPTURE_USER + " LOGIN; END IF; END $$",
                "REVOKE pg_read_all_stats FROM " + CAPTURE_USER,
                "GRANT SELECT ON orders TO " + CAPTURE_USER);
        capture = DataSources.pool("capture", new ConnectionUrl(postgresJdbcUrl(DB), CAPTURE_USER, null), 2);
    }

    @AfterAll
    static void close() {
        capture.close();
        db.close();
    }

    @Test
    void healthDetailsShowTheWatermarkModeInForcePerTable() throws Exception {
        Path offsets = Files.createTempDirectory("db-poll-watermark").resolve("offsets.json");
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("capture", capture);
            context.getRegistry().bind("owner", db);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("db-poll:orders?dataSource=#capture&timestampColumn=updated_at&watermark=auto&offsetKey=capture"
                            + "&offsetFile=" + offsets).routeId("as-capture-user").log("${body}");
                    from("db-poll:orders?dataSource=#owner&timestampColumn=updated_at&watermark=auto&offsetKey=owner"
                            + "&offsetFile=" + offsets).routeId("as-owner").log("${body}");
                }
            });
            context.start();

            assertThat(details(context, "as-capture-user")).containsEntry("watermark.public.orders", "lag");
            assertThat(details(context, "as-owner")).containsEntry("watermark.public.orders", "transactions");
            assertThat(watermarkGauge(context, "as-capture-user")).isEqualTo(0.0);
            assertThat(watermarkGauge(context, "as-owner")).isEqualTo(1.0);
        }
    }

    @Test
    void theRouteInitWritesForPostgresqlStopsAtStartUpWithoutThePrivilege() throws Exception {
        try (JarProcess init = JarProcess.start(workDir, Map.of(), "init", "cdc", "my_cdc_worker", "--database-type",
                "postgresql")) {
            assertThat(init.waitFor(60)).as(init.output()).isZero();
        }
        Map<String, String> env = Map.of("DATABASE_URL", "postgresql://" + CAPTURE_USER + "@" + PG_HOST + ":5432/" + DB,
                "STARTUP_WAIT_SEC", "5");
        try (JarProcess jar = JarProcess.start(workDir, env, "routes/my_cdc_worker.yaml")) {
            assertThat(jar.waitFor(90)).as(jar.output()).isEqualTo(2);
            assertThat(jar.output().lines().filter(l -> l.startsWith("db-workers: "))).singleElement().asString()
                    .isEqualTo("db-workers: watermark: 'transactions' is not possible for db-poll:orders: the user"
                            + " cannot see other sessions' transactions (GRANT pg_read_all_stats TO the capture user)");
            assertThat(jar.output()).doesNotContain("\tat ");
        }
    }

    /** The metric operators alert on: {@code dbworkers_poll_watermark_transactions{route,table}}. */
    private static double watermarkGauge(CamelContext context, String routeId) throws Exception {
        return ((ConsumerMetrics) context.getRoute(routeId).getConsumer()).gauges().stream()
                .filter(g -> g.name().equals("poll_watermark_transactions"))
                .filter(g -> "public.orders".equals(g.tags().get("table")))
                .findFirst().orElseThrow().value();
    }

    private static Map<String, Object> details(CamelContext context, String routeId) {
        return ((ConsumerStatus) context.getRoute(routeId).getConsumer()).details();
    }
}
