package io.dbworkers.component.dbpoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.it.CapturedLog;
import io.dbworkers.it.ItSupport;
import io.dbworkers.support.ConsumerStatus;

/**
 * While the database cannot be reached (a proxy in front of PostgreSQL drops every connection), db-poll logs the
 * outage as an operator wants to read it: the first failure with its cause and no stack trace, one line per retry,
 * one line when it recovers. It is not ready meanwhile, and reads on where it stopped afterwards.
 */
class DbPollDatabaseOutageIT extends ItSupport {

    private static HikariDataSource db;
    private static TcpProxy proxy;
    private static HikariDataSource proxied;

    @BeforeAll
    static void schema() throws Exception {
        db = freshPostgres(DbPollDatabaseOutageIT.class);
        execute(db, "CREATE TABLE events (id BIGSERIAL PRIMARY KEY, updated_at TIMESTAMP NOT NULL DEFAULT now())");
        proxy = new TcpProxy(PG_HOST, 5432);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + nameFor(DbPollDatabaseOutageIT.class));
        config.setUsername(PG_USER);
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1);
        proxied = new HikariDataSource(config);
    }

    @AfterAll
    static void close() throws Exception {
        proxied.close();
        proxy.close();
        db.close();
    }

    @Test
    void anOutageIsLoggedOnceWithoutStackTracesThenOneLinePerRetryAndItsRecovery() throws Exception {
        List<Object> delivered = new CopyOnWriteArrayList<>();
        Path offsets = Files.createTempDirectory("db-poll-outage").resolve("offsets.json");
        try (CamelContext context = new DefaultCamelContext(); CapturedLog log = new CapturedLog()) {
            context.getRegistry().bind("proxied", proxied);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("db-poll:events?dataSource=#proxied&timestampColumn=updated_at&delay=100&offsetFile="
                            + offsets).routeId("events")
                            .process(e -> delivered.add(e.getMessage().getBody(DatabaseChange.class)
                                    .primaryKey().get("id")));
                }
            });
            context.start();
            execute(db, "INSERT INTO events DEFAULT VALUES");
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.contains(1L));

            int mark = log.mark();
            proxy.cut();
            await().atMost(Duration.ofSeconds(40)).until(() -> log.linesSince(mark).stream()
                    .anyMatch(l -> l.contains("db-poll events: still failing after 3 retries")));
            ConsumerStatus status = (ConsumerStatus) context.getRoute("events").getConsumer();
            assertThat(status.readinessProblem()).as("not ready while the database is away").isNotNull();
            execute(db, "INSERT INTO events DEFAULT VALUES");
            proxy.restore();
            await().atMost(Duration.ofSeconds(40)).until(() -> delivered.contains(2L));
            await().atMost(Duration.ofSeconds(5)).until(() -> status.readinessProblem() == null);

            List<String> lines = log.linesSince(mark);
            assertThat(log.stackTracesSince(mark, "io.dbworkers", "org.apache.camel"))
                    .as("stack traces logged during the outage: %s", lines).isZero();
            assertThat(lines.stream().filter(l -> l.startsWith("WARN db-poll events: ") && l.contains("; retrying in")))
                    .as("the first failure, with its cause").hasSize(1);
            assertThat(lines).anyMatch(l -> l.matches("INFO db-poll events: recovered after \\d+ s, \\d+ retries"));
            assertThat(lines.stream().filter(l -> l.contains("db-poll") || l.contains("DbPoll")))
                    .as("nothing but outage lines from db-poll").allMatch(l -> l.startsWith("WARN db-poll events: ")
                            || l.startsWith("INFO db-poll events: recovered"));
            assertThat(delivered).containsExactly(1L, 2L);
        }
    }
}
