package io.dbworkers.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;
import io.dbworkers.config.Settings;

/**
 * A route that opts into the dead-letter configuration, with the dead_letters table in an in-memory H2 database: a
 * failing change is redelivered with exponential backoff and then dead-lettered with its original body; a ValidationException is
 * dead-lettered at once.
 */
class DeadLetterRedeliveryTest {

    private final AtomicInteger calls = new AtomicInteger();
    private JdbcDataSource dataSource;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + getClass().getSimpleName() + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", dataSource);
        DeadLetters.install(context, new Settings(Map.of("DEAD_LETTER_REDELIVERY_DELAY_MS", "50")::get));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:items").routeId("items").routeConfigurationId(DeadLetters.ROUTE_CONFIGURATION_ID)
                        .process(exchange -> {
                            calls.incrementAndGet();
                            DatabaseChange change = exchange.getMessage().getBody(DatabaseChange.class);
                            // a processor that changes the body: the dead letter must still hold the original
                            exchange.getMessage().setBody("transformed");
                            if ("bad".equals(change.newData().get("email"))) {
                                throw new ValidationException("email 'bad' has no @\nsecond line");
                            }
                            throw new IllegalStateException("downstream unavailable");
                        });
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void transientFailureIsRedeliveredThenDeadLettered() throws Exception {
        DatabaseChange change = change(1, "a@example.com");

        long start = System.nanoTime();
        Exchange result = context.createProducerTemplate().send("direct:items", e -> e.getMessage().setBody(change));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.getException()).isNull();
        assertThat(calls).hasValue(4);
        // 50 + 100 + 200 ms: the delay doubles (a fixed delay would take 150 ms)
        assertThat(elapsedMs).isGreaterThanOrEqualTo(350);
        List<Map<String, Object>> rows = deadLetters();
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row).containsEntry("route", "items").containsEntry("table_name", "public.items")
                .containsEntry("key", "{\"id\":1}").containsEntry("error", "downstream unavailable")
                .containsEntry("error_class", IllegalStateException.class.getName()).containsEntry("attempts", 4)
                .containsEntry("payload", ChangeJson.toJson(change));
        assertThat(row.get("failed_at")).isNotNull();
    }

    @Test
    void validationErrorIsDeadLetteredAtOnce() throws Exception {
        DatabaseChange change = change(2, "bad");
        Exchange result = context.createProducerTemplate().send("direct:items", e -> e.getMessage().setBody(change));

        assertThat(result.getException()).isNull();
        assertThat(calls).hasValue(1);
        assertThat(deadLetters()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("attempts", 1).containsEntry("error", "email 'bad' has no @")
                .containsEntry("error_class", ValidationException.class.getName())
                .containsEntry("key", "{\"id\":2}").containsEntry("payload", ChangeJson.toJson(change)));
    }

    static DatabaseChange change(int id, String email) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("email", email);
        return new DatabaseChange("public", "items", ChangeType.UPDATE, Map.of("id", id), row, null,
                Instant.parse("2026-11-21T04:00:00Z"), new SourcePosition("poll", "p" + id));
    }

    private List<Map<String, Object>> deadLetters() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM dead_letters ORDER BY id")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
