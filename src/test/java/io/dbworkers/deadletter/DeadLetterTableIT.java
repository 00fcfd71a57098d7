package io.dbworkers.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.Settings;
import io.dbworkers.it.ItSupport;

/** With no DEAD_LETTER_URL, a row that fails validation becomes a row of dead_letters in the dataSource database. */
class DeadLetterTableIT extends ItSupport {

    private static HikariDataSource ds;
    private static CamelContext context;
    private static ItemsRoute items;

    @BeforeAll
    static void start() throws Exception {
        ds = freshPostgres(DeadLetterTableIT.class);
        execute(ds, ItemsRoute.CREATE_TABLE);
        context = new DefaultCamelContext();
        context.getRegistry().bind("ds", ds);
        context.getRegistry().bind("dataSource", ds);
        DeadLetters.install(context, new Settings(Map.<String, String>of()::get));
        items = new ItemsRoute(Files.createTempDirectory("dead-letter-table").resolve("offsets.json"));
        context.addRoutes(items);
        context.start();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.stop();
        }
        if (ds != null) {
            ds.close();
        }
    }

    @Test
    void badRowBecomesADeadLetterRow() throws Exception {
        execute(ds, "INSERT INTO items (email) VALUES ('a@example.com'), ('bad'), ('c@example.com')");

        await().atMost(Duration.ofSeconds(30)).until(() -> items.processed.size() == 2);
        assertThat(items.processed).containsExactly("a@example.com", "c@example.com");
        assertThat(items.attemptsOf("bad")).isEqualTo(1);

        List<Map<String, Object>> rows = deadLetters();
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row).containsEntry("route", "items").containsEntry("table_name", "public.items")
                .containsEntry("key", "{\"id\":2}").containsEntry("error", "email 'bad' has no @")
                .containsEntry("error_class", ValidationException.class.getName()).containsEntry("attempts", 1);
        assertThat((OffsetDateTime) row.get("failed_at")).isBefore(OffsetDateTime.now());
        DatabaseChange change = ChangeJson.fromJson((String) row.get("payload"));
        assertThat(change.newData()).containsEntry("email", "bad");
    }

    private static List<Map<String, Object>> deadLetters() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT route, table_name, key, error, error_class, attempts, failed_at,"
                     + " payload FROM dead_letters ORDER BY id")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String column = rs.getMetaData().getColumnLabel(i);
                    row.put(column, column.equals("failed_at") ? rs.getObject(i, OffsetDateTime.class)
                            : rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
