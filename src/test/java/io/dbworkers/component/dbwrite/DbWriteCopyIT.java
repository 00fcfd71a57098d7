package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;
import io.dbworkers.it.ItSupport;
import io.dbworkers.schema.Migrations;

import static org.assertj.core.api.Assertions.assertThat;

class DbWriteCopyIT extends ItSupport {

    private static final String[] AWKWARD = {
        "tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "ends with backslash\\",
        "température ✓ 𝄞 日本語", "\"double\" and 'single' quotes", "", " leading and trailing ", "a,b;c|d",
        "\\t literally", "crlf\r\n",
    };
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HikariDataSource pg;

    @BeforeAll
    static void database() {
        pg = freshPostgres(DbWriteCopyIT.class);
        Migrations.migrate(pg, "sensor_readings", false);
    }

    @AfterAll
    static void close() {
        pg.close();
    }

    @Test
    void copyWritesEveryRowExactlyAsGiven() throws Exception {
        List<Object> body = new ArrayList<>();
        Map<String, Map<String, Object>> expected = new HashMap<>();
        for (int i = 0; i < 1_200; i++) {
            Map<String, Object> row = row(i);
            expected.put((String) row.get("entry_id"), row);
            // some rows come as changes, as db-poll emits them
            body.add(i % 10 == 0 ? new DatabaseChange("public", "readings", ChangeType.INSERT, Map.of(), row, null,
                    null, new SourcePosition("poll", String.valueOf(i))) : row);
        }

        try (WriteRoute route = WriteRoute.start(pg, "db-write:sensor_readings?mode=copy")) {
            Exchange done = route.write(body);
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getHeader(DbWriteConstants.ROWS_WRITTEN)).isEqualTo(1_200);
            assertThat(done.getMessage().getHeader(DbWriteConstants.ROWS_REJECTED)).isEqualTo(0);
        }

        int read = 0;
        try (Connection c = pg.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT timestamp, device_id, sensor_type, value, metadata::text, stream,"
                     + " entry_id, created_at FROM sensor_readings")) {
            while (rs.next()) {
                read++;
                Map<String, Object> want = expected.get(rs.getString("entry_id"));
                assertThat(want).as("entry %s", rs.getString("entry_id")).isNotNull();
                assertThat(rs.getObject("timestamp", OffsetDateTime.class).toInstant()).isEqualTo(want.get("timestamp"));
                assertThat(rs.getString("device_id")).isEqualTo(want.get("device_id"));
                assertThat(rs.getString("sensor_type")).isEqualTo(want.get("sensor_type"));
                assertThat(rs.getDouble("value")).isEqualTo(want.get("value"));
                if (want.get("metadata") == null) {
                    assertThat(rs.getString("metadata")).isNull();
                } else {
                    assertThat(JSON.readTree(rs.getString("metadata"))).isEqualTo(JSON.valueToTree(want.get("metadata")));
                }
                assertThat(rs.getString("stream")).isEqualTo(want.get("stream"));
                assertThat(rs.getObject("created_at")).as("left to its default").isNotNull();
            }
        }
        assertThat(read).isEqualTo(1_200);
    }

    private static Map<String, Object> row(int i) {
        String awkward = AWKWARD[i % AWKWARD.length];
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("timestamp", Instant.parse("2026-11-21T00:00:00Z").plusNanos(i * 1_001_001_000L));
        row.put("device_id", awkward + i);
        row.put("sensor_type", AWKWARD[(i + 3) % AWKWARD.length]);
        row.put("value", i % 5 == 0 ? -1.0E-10 * i : i % 5 == 1 ? 1.7976931348623157E308 : 20 + i / 3.0);
        if (i % 4 != 0) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("note", awkward);
            metadata.put("seq", i);
            metadata.put("nested", Map.of("ok", i % 2 == 0, "list", List.of(1, "two", awkward)));
            metadata.put("nothing", null);
            row.put("metadata", metadata);
        } else {
            row.put("metadata", null);
        }
        row.put("stream", "mqtt_stream:" + awkward);
        row.put("entry_id", "1700000000000-" + i);
        return row;
    }
}
