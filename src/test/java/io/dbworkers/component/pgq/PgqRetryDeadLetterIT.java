package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.Settings;
import io.dbworkers.deadletter.DeadLetters;

/**
 * An event that keeps failing goes through PgQ's retry queue maxRetries times, then lands once in the dead-letter
 * table with the reason, and the events around it are processed once. Bad input (ev_data that is not URL-encoded, an
 * unknown trigger ev_type, a trigger event of a dropped table) goes the same way: retried, then a dead letter with
 * its reason, never a stuck batch.
 */
class PgqRetryDeadLetterIT extends PgqItSupport {

    private static final String QUEUE = "retries";
    private static HikariDataSource db;
    private static CamelContext context;
    private static final List<String> processed = new CopyOnWriteArrayList<>();
    private static final List<Integer> poisonRetries = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        db = freshQueue(PgqRetryDeadLetterIT.class, QUEUE);
        execute(db, "CREATE TABLE gone (id int PRIMARY KEY, name text)",
                "CREATE TABLE users (id int PRIMARY KEY, name text)");
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", db);
        DeadLetters.install(context, new Settings(Map.<String, String>of()::get));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pgq:" + QUEUE + "?consumerName=retrier&maxRetries=2&retryDelay=0&idleDelay=200")
                        .routeId("retrier")
                        .process(exchange -> {
                            Object body = exchange.getMessage().getBody();
                            String name = body instanceof DatabaseChange change
                                    ? String.valueOf(change.newData().get("name"))
                                    : ((PgqEvent) body).fields().get("name");
                            if (name.equals("poison")) {
                                poisonRetries.add(exchange.getMessage().getHeader(PgqConstants.RETRY, Integer.class));
                                throw new IllegalStateException("poison cannot be processed");
                            }
                            processed.add(name);
                        });
            }
        });
        context.start();
    }

    @AfterAll
    static void stop() {
        context.stop();
        db.close();
    }

    @Test
    void failingEventIsRetriedThenDeadLetteredAndTheOthersPass() throws Exception {
        query(db, "select pgq.insert_event('" + QUEUE + "', 'user', 'name=before')");
        query(db, "select pgq.insert_event('" + QUEUE + "', 'user', 'name=poison')");
        query(db, "select pgq.insert_event('" + QUEUE + "', 'I:id', '{\"id\": 1}', 'public.users', null, null, null)");
        query(db, "select pgq.insert_event('" + QUEUE + "', 'X:id', 'id=2&name=x', 'public.users', null, null, null)");
        query(db, "select pgq.insert_event('" + QUEUE + "', 'I:id', 'id=3&name=y', 'public.gone', null, null, null)");
        execute(db, "DROP TABLE gone");
        query(db, "select pgq.insert_event('" + QUEUE + "', 'user', 'name=after')");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            tick(db, QUEUE);
            return deadLetterErrors().size() == 4;
        });
        assertThat(processed).containsExactly("before", "after");
        assertThat(poisonRetries).as("ev_retry of each delivery of the poison event").containsExactly(0, 1, 2);
        assertThat(deadLetterErrors()).containsExactlyInAnyOrder(
                "3 poison cannot be processed",
                "3 ev_data is not URL-encoded (the character '{' is not escaped): {\"id\": 1}",
                "3 unknown ev_type 'X:id' of a trigger event of public.users (expected I:, U: or D:)",
                "3 the table public.gone of the trigger event no longer exists");
        assertThat(scalar(db, "select count(*) from pgq.retry_queue")).as("left in the retry queue").isZero();
        tick(db, QUEUE);
        await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp(db, QUEUE, "retrier"));
        assertThat(processed).containsExactly("before", "after");
    }

    /** "attempts error" of each row of dead_letters. */
    private static List<String> deadLetterErrors() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            if (scalar(db, "select count(*) from pg_tables where tablename = '" + "dead_letters'") == 0) {
                return rows;
            }
            try (ResultSet rs = s.executeQuery("SELECT attempts, error, route FROM dead_letters ORDER BY id")) {
                while (rs.next()) {
                    assertThat(rs.getString(3)).isEqualTo("retrier");
                    rows.add(rs.getInt(1) + " " + rs.getString(2));
                }
            }
        }
        return rows;
    }
}
