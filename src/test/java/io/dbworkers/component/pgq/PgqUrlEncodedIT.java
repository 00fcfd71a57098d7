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

import io.dbworkers.config.Settings;
import io.dbworkers.deadletter.DeadLetters;

/**
 * Plain (not URL-encoded) ev_data among URL-encoded events, read by three consumers of one queue: with
 * {@code urlEncoded=true} one event at a time (the body is the decoded Map itself), with {@code urlEncoded=true&batch=true}
 * (a List of Maps), and without the option by a route that asks for the body as a Map. Each dead-letters the plain
 * event with the reason and delivers the others; no batch stays stuck.
 */
class PgqUrlEncodedIT extends PgqItSupport {

    private static final String QUEUE = "encoded";
    private static final String PLAIN = "{\"plain\": true}";
    private static final String REASON = "ev_data is not URL-encoded (the character '{' is not escaped): " + PLAIN;
    private static HikariDataSource db;
    private static CamelContext context;
    private static final List<String> decoded = new CopyOnWriteArrayList<>();
    private static final List<String> batched = new CopyOnWriteArrayList<>();
    private static final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        db = freshQueue(PgqUrlEncodedIT.class, QUEUE);
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", db);
        DeadLetters.install(context, new Settings(Map.<String, String>of()::get));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                String options = "?maxRetries=1&retryDelay=0&idleDelay=200&urlEncoded=";
                from("pgq:" + QUEUE + options + "true&consumerName=decoded").routeId("decoded")
                        .process(exchange -> decoded.add(name((Map<?, ?>) exchange.getMessage().getBody())));
                from("pgq:" + QUEUE + options + "true&batch=true&consumerName=batched").routeId("batched")
                        .process(exchange -> {
                            for (Object event : (List<?>) exchange.getMessage().getBody()) {
                                batched.add(name((Map<?, ?>) event));
                            }
                        });
                from("pgq:" + QUEUE + options + "false&consumerName=asked").routeId("asked")
                        .process(exchange -> asked.add(name(exchange.getMessage().getBody(Map.class))));
            }
        });
        context.start();
    }

    private static String name(Map<?, ?> fields) {
        return String.valueOf(fields.get("name"));
    }

    @AfterAll
    static void stop() {
        context.stop();
        db.close();
    }

    @Test
    void plainDataIsDeadLetteredWithTheReasonAndTheOthersPass() throws Exception {
        query(db, "select pgq.insert_event('" + QUEUE + "', 'user', 'name=before&x=1')");
        query(db, "select pgq.insert_event('" + QUEUE + "', 'user', '" + PLAIN + "')");
        query(db, "select pgq.insert_event('" + QUEUE + "', 'user', 'name=after%21')");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            tick(db, QUEUE);
            return deadLetters().size() == 3;
        });
        assertThat(deadLetters()).containsExactlyInAnyOrder("asked 2 " + REASON, "batched 2 " + REASON,
                "decoded 2 " + REASON);
        for (String consumer : List.of("decoded", "batched", "asked")) {
            tick(db, QUEUE);
            await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(db, QUEUE, consumer));
        }
        assertThat(decoded).containsExactly("before", "after!");
        assertThat(batched).containsExactly("before", "after!");
        assertThat(asked).containsExactly("before", "after!");
        assertThat(scalar(db, "select count(*) from pgq.retry_queue")).as("left in the retry queue").isZero();
    }

    /** "route attempts error" of each row of dead_letters. */
    private static List<String> deadLetters() throws Exception {
        List<String> rows = new ArrayList<>();
        if (scalar(db, "select count(*) from pg_tables where tablename = 'dead_letters'") == 0) {
            return rows;
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT route, attempts, error FROM dead_letters ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3));
            }
        }
        return rows;
    }
}
