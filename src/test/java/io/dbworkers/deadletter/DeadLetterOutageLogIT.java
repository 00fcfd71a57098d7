package io.dbworkers.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

/**
 * The jar's console while the dead-letter target cannot be reached (a proxy in front of RabbitMQ drops every
 * connection) and a poison change waits for it: the first failure with its cause, one line per retry, one line when
 * it recovers, and not one stack trace meanwhile.
 */
class DeadLetterOutageLogIT extends ItSupport {

    private static final String DB = nameFor(DeadLetterOutageLogIT.class);
    private static final String QUEUE = DB;
    private static final String ROUTE = """
            - route:
                id: items
                routeConfigurationId: dead-letter
                from:
                  uri: db-poll:items
                  parameters:
                    timestampColumn: updated_at
                    delay: 200
                  steps:
                    - filter:
                        simple: "${body.newData[email]} == 'bad'"
                        steps:
                          - throwException:
                              exceptionType: java.lang.IllegalStateException
                              message: "bad email"
                    - log: "processed ${body.newData[email]}"
            """;

    private static HikariDataSource db;
    private static TcpProxy proxy;
    private static RabbitQueues rabbit;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        db = freshPostgres(DeadLetterOutageLogIT.class);
        execute(db, "CREATE TABLE items (id SERIAL PRIMARY KEY, email TEXT NOT NULL,"
                + " updated_at TIMESTAMP NOT NULL DEFAULT now())");
        URI amqp = URI.create(AMQP_URI);
        proxy = new TcpProxy(amqp.getHost(), amqp.getPort());
        rabbit = new RabbitQueues();
        rabbit.admin.deleteQueue(QUEUE);
    }

    @AfterAll
    static void stop() throws Exception {
        rabbit.close();
        proxy.close();
        db.close();
    }

    @Test
    void anOutageOfTheTargetIsLoggedOnceThenOneLinePerRetryAndItsRecovery() throws Exception {
        Files.writeString(Files.createDirectories(workDir.resolve("routes")).resolve("items.yaml"), ROUTE);
        Map<String, String> env = Map.of(
                "DATABASE_URL", "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + DB,
                "DEAD_LETTER_URL", "amqp://" + URI.create(AMQP_URI).getUserInfo() + "@127.0.0.1:" + proxy.port() + "/"
                        + QUEUE,
                "DEAD_LETTER_MAX_REDELIVERIES", "1",
                "DEAD_LETTER_REDELIVERY_DELAY_MS", "50");
        try (JarProcess jar = JarProcess.start(workDir, env, "routes/items.yaml")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> jar.output().contains("Started items"));
            execute(db, "INSERT INTO items (email) VALUES ('a@example.com')");
            await().atMost(Duration.ofSeconds(30)).until(() -> jar.output().contains("processed a@example.com"));

            proxy.cut();
            int mark = jar.output().length();
            execute(db, "INSERT INTO items (email) VALUES ('bad'), ('c@example.com')");
            await().atMost(Duration.ofSeconds(60)).until(() -> jar.output().substring(mark)
                    .contains("db-poll items: still failing after 3 retries"));
            List<String> outage = jar.output().substring(mark).lines().toList();
            assertThat(outage).as("stack traces during the outage")
                    .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
            assertThat(outage).as("the first failure, with its cause")
                    .filteredOn(l -> l.contains("db-poll items: ") && l.contains("; retrying in")).hasSize(1);
            assertThat(outage).as("nothing processed behind the poison change")
                    .noneMatch(l -> l.contains("processed c@example.com"));

            proxy.restore();
            await().atMost(Duration.ofSeconds(60)).until(() -> jar.output().contains("processed c@example.com"));
            // the consumer logs its recovery once the exchange that processed c@example.com has completed
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jar.output().substring(mark))
                    .containsPattern("db-poll items: recovered after \\d+ s, \\d+ retries"));
            await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.depth(QUEUE) == 1);
            assertThat(jar.stop()).isIn(0, 143);
        }
    }
}
