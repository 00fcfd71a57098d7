package io.dbworkers.component.dbpoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.CapturedLog;
import io.dbworkers.it.ItSupport;
import io.dbworkers.support.ConsumerStatus;

/**
 * An {@code Error} thrown while polling (here by the driver, as a broken plugin jar would) must not end the polling:
 * it is logged as an error, the consumer is not ready while it lasts, and polling goes on once it is gone.
 */
class DbPollErrorIT extends ItSupport {

    private static HikariDataSource db;
    private static final AtomicBoolean broken = new AtomicBoolean();
    private static final AtomicInteger brokenAttempts = new AtomicInteger();

    @BeforeAll
    static void schema() {
        db = freshPostgres(DbPollErrorIT.class);
        execute(db, "CREATE TABLE events (id BIGSERIAL PRIMARY KEY, updated_at TIMESTAMP NOT NULL DEFAULT now())");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void anErrorWhilePollingIsReportedAndPollingGoesOn() throws Exception {
        List<Object> delivered = new CopyOnWriteArrayList<>();
        Path offsets = Files.createTempDirectory("db-poll-error").resolve("offsets.json");
        try (CamelContext context = new DefaultCamelContext(); CapturedLog log = new CapturedLog()) {
            context.getRegistry().bind("flaky", breakable(db));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("db-poll:events?dataSource=#flaky&timestampColumn=updated_at&delay=100&offsetFile=" + offsets)
                            .routeId("events")
                            .process(e -> delivered.add(e.getMessage().getBody(DatabaseChange.class)
                                    .primaryKey().get("id")));
                }
            });
            context.start();
            execute(db, "INSERT INTO events DEFAULT VALUES");
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.contains(1L));

            int mark = log.mark();
            broken.set(true);
            await("polls go on after the Error").atMost(Duration.ofSeconds(20))
                    .until(() -> brokenAttempts.get() >= 3);
            Object consumer = context.getRoute("events").getConsumer();
            assertThat(consumer).isInstanceOf(ConsumerStatus.class);
            ConsumerStatus status = (ConsumerStatus) consumer;
            assertThat(status.readinessProblem()).as("not ready while it fails").isNotNull();
            assertThat(status.readinessProblem().message())
                    .contains("NoClassDefFoundError: org/postgresql/Broken (a broken plugin jar)");
            assertThat(log.linesSince(mark)).anyMatch(l -> l.startsWith("ERROR db-poll events cannot poll:"));

            execute(db, "INSERT INTO events DEFAULT VALUES");
            broken.set(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.contains(2L));
            await().atMost(Duration.ofSeconds(5)).until(() -> status.readinessProblem() == null);
            assertThat(delivered).containsExactly(1L, 2L);
            assertThat(log.linesSince(mark)).anyMatch(l -> l.matches("INFO db-poll events: recovered after \\d+ s, \\d+"
                    + " retries"));
        }
    }

    /** The pool, except that while {@link #broken} is set, asking it for a connection throws an Error. */
    private static DataSource breakable(DataSource pool) {
        return (DataSource) Proxy.newProxyInstance(DbPollErrorIT.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (broken.get() && method.getName().equals("getConnection")) {
                        brokenAttempts.incrementAndGet();
                        throw new NoClassDefFoundError("org/postgresql/Broken (a broken plugin jar)");
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
