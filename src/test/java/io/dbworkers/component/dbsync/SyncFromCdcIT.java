package io.dbworkers.component.dbsync;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log-based capture as the source of a sync route, the mode that sees hard deletes: db-cdc on PostgreSQL feeding
 * db-sync into MariaDB; an insert, an update and a hard DELETE at the source all reach the target.
 */
class SyncFromCdcIT extends ItSupport {

    private static final String NAME = nameFor(SyncFromCdcIT.class);
    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void tables() {
        pg = freshPostgres(SyncFromCdcIT.class);
        maria = freshMariaDb(SyncFromCdcIT.class);
        execute(pg, "CREATE TABLE users (id int PRIMARY KEY, email varchar(120) NOT NULL)",
                "INSERT INTO users (id, email) SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 20) g");
        execute(maria, "CREATE TABLE users (id int PRIMARY KEY, email varchar(120) NOT NULL)",
                "INSERT INTO users (id, email) SELECT seq, concat('u', seq, '@example.com') FROM seq_1_to_20");
    }

    @AfterAll
    static void close() {
        CdcCapture.dropSlot(NAME);
        pg.close();
        maria.close();
    }

    @Test
    void insertsUpdatesAndHardDeletesReachTheTarget() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("source", pg);
        context.getRegistry().bind("target", maria);
        String cdc = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=users&heartbeatInterval=1000&offsetFile=" + CdcCapture.offsetFile(NAME);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(cdc).routeId("users-cdc-sync").to("db-sync:users?sourceDataSource=#source&dataSource=#target");
            }
        });
        context.start();
        try {
            CdcCapture.awaitSlotActive(NAME);
            execute(pg, "INSERT INTO users (id, email) VALUES (21, 'new@example.com')",
                    "UPDATE users SET email = 'changed@example.com' WHERE id = 7",
                    "DELETE FROM users WHERE id IN (3, 15)");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(Rows.strings(maria, "SELECT count(*) FROM users")).containsExactly("19");
                assertThat(Rows.strings(maria, "SELECT id FROM users WHERE id IN (3, 15, 21) ORDER BY id"))
                        .containsExactly("21");
                assertThat(Rows.strings(maria, "SELECT email FROM users WHERE id = 7"))
                        .containsExactly("changed@example.com");
            });
        } finally {
            context.stop();
        }
    }
}
