package io.dbworkers.component.dbpoll;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;

import static org.assertj.core.api.Assertions.assertThat;

/** A change built on row views is the same change, with the same JSON, as one built on LinkedHashMaps. */
class RowMapTest {

    @Test
    void sameMapAndSameJsonAsALinkedHashMap() throws Exception {
        LocalDateTime at = LocalDateTime.of(2026, 1, 1, 0, 0, 0, 1_000_000);
        // values in another order than the columns', as when a column the poller needs is selected first
        Object[] row = {at, 7L, "device-7", new BigDecimal("0.07"), null};
        Map<String, Object> data = new RowMap(new String[] {"id", "device", "reading", "note", "updated_at"},
                new int[] {1, 2, 3, 4, 0}, row);
        Map<String, Object> key = new RowMap(new String[] {"id"}, new int[] {1}, row);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 7L);
        expected.put("device", "device-7");
        expected.put("reading", new BigDecimal("0.07"));
        expected.put("note", null);
        expected.put("updated_at", at);

        assertThat(data).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(data.toString()).isEqualTo(expected.toString());
        assertThat(data.keySet()).containsExactly("id", "device", "reading", "note", "updated_at");
        assertThat(data.get("note")).isNull();
        assertThat(data.containsKey("note")).isTrue();
        assertThat(data.containsKey("other")).isFalse();
        assertThat(key).isEqualTo(Map.of("id", 7L));

        DatabaseChange viewed = change(Collections.unmodifiableMap(key), Collections.unmodifiableMap(data));
        DatabaseChange copied = change(Map.of("id", 7L), expected);
        assertThat(viewed).isEqualTo(copied);
        assertThat(ChangeJson.toJson(viewed)).isEqualTo(ChangeJson.toJson(copied))
                .contains("\"newData\":{\"id\":7,\"device\":\"device-7\",\"reading\":0.07,\"note\":null,");
    }

    private static DatabaseChange change(Map<String, Object> key, Map<String, Object> data) {
        return new DatabaseChange("public", "events", ChangeType.UPDATE, key, data, null,
                Instant.parse("2026-01-01T00:00:00.001Z"), new SourcePosition("poll", "2026-01-01T00:00:00.001|[7]"));
    }
}
