package io.dbworkers.change;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON form of a change is a documented contract: this is docs/change-model.md's example, field for field. */
class ChangeJsonTest {

    @Test
    void stableJsonForm() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);
        row.put("customer_email", "customer@example.com");
        row.put("status", "paid");
        row.put("total_amount", new BigDecimal("99.99"));
        row.put("updated_at", LocalDateTime.parse("2026-11-21T04:30:00.123456"));
        row.put("note", null);
        DatabaseChange change = new DatabaseChange("public", "orders", ChangeType.UPDATE, Map.of("id", 1), row, null,
                Instant.parse("2026-11-21T04:30:00.123456Z"),
                new SourcePosition("poll", "2026-11-21T04:30:00.123456|[1]"));

        String json = ChangeJson.toJson(change);

        assertThat(json).isEqualTo("{\"schema\":\"public\",\"table\":\"orders\",\"changeType\":\"UPDATE\","
                + "\"primaryKey\":{\"id\":1},\"newData\":{\"id\":1,\"customer_email\":\"customer@example.com\","
                + "\"status\":\"paid\",\"total_amount\":99.99,\"updated_at\":\"2026-11-21T04:30:00.123456\","
                + "\"note\":null},\"oldData\":null,\"timestamp\":\"2026-11-21T04:30:00.123456Z\","
                + "\"source\":{\"mode\":\"poll\",\"position\":\"2026-11-21T04:30:00.123456|[1]\"}}");
        DatabaseChange back = ChangeJson.fromJson(json);
        assertThat(back.table()).isEqualTo("orders");
        assertThat(back.changeType()).isEqualTo(ChangeType.UPDATE);
        assertThat(back.newData()).containsEntry("total_amount", new BigDecimal("99.99")).containsEntry("note", null);
        assertThat(back.timestamp()).isEqualTo(change.timestamp());
        assertThat(back.source()).isEqualTo(change.source());
    }
}
