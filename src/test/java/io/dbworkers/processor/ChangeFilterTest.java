package io.dbworkers.processor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;
import io.dbworkers.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeFilterTest {

    @Test
    void skipsTablesByNameOrQualifiedName() {
        ChangeFilter filter = new ChangeFilter();
        filter.setSkipTables("audit_log, other.sessions");
        assertThat(filter.keep(insert("public", "audit_log"))).isFalse();
        assertThat(filter.keep(insert("other", "sessions"))).isFalse();
        assertThat(filter.keep(insert("public", "sessions"))).isTrue();
        assertThat(filter.keep(insert("public", "orders"))).isTrue();
    }

    @Test
    void skipsOperations() {
        ChangeFilter filter = new ChangeFilter();
        filter.setSkipOperations("delete,READ");
        assertThat(filter.keep(change(ChangeType.DELETE, null, Map.of("id", 1)))).isFalse();
        assertThat(filter.keep(change(ChangeType.READ, Map.of("id", 1), null))).isFalse();
        assertThat(filter.keep(insert("public", "orders"))).isTrue();
        assertThatThrownBy(() -> filter.setSkipOperations("UPSERT")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("skipOperations");
    }

    @Test
    void skipsUpdatesThatChangedOnlyTheGivenColumns() {
        ChangeFilter filter = new ChangeFilter();
        filter.setSkipWhenOnlyColumnsChanged("updated_at");
        Map<String, Object> before = row(1, "pending", "10:00");
        assertThat(filter.keep(change(ChangeType.UPDATE, row(1, "pending", "10:01"), before))).isFalse();
        assertThat(filter.keep(change(ChangeType.UPDATE, row(1, "pending", "10:00"), before))).as("no change")
                .isFalse();
        assertThat(filter.keep(change(ChangeType.UPDATE, row(1, "paid", "10:01"), before))).isTrue();
        assertThat(filter.keep(change(ChangeType.UPDATE, row(1, "pending", "10:01"), null)))
                .as("without old values what changed is unknown").isTrue();
        assertThat(filter.kept(List.of(change(ChangeType.UPDATE, row(1, "pending", "10:01"), before),
                insert("public", "orders")))).extracting(DatabaseChange::changeType).containsExactly(ChangeType.INSERT);
    }

    @Test
    void keepsEverythingWithoutRules() {
        ChangeFilter filter = new ChangeFilter();
        filter.setSkipTables("");
        assertThat(filter.keep(change(ChangeType.UPDATE, row(1, "a", "b"), row(1, "a", "b")))).isTrue();
    }

    private static Map<String, Object> row(int id, String status, String updatedAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("status", status);
        row.put("updated_at", updatedAt);
        return row;
    }

    private static DatabaseChange insert(String schema, String table) {
        return new DatabaseChange(schema, table, ChangeType.INSERT, Map.of("id", 1), Map.of("id", 1), null, null,
                new SourcePosition("pgoutput", "1"));
    }

    private static DatabaseChange change(ChangeType type, Map<String, Object> after, Map<String, Object> before) {
        return new DatabaseChange("public", "orders", type, Map.of("id", 1), after, before, null,
                new SourcePosition("pgoutput", "1"));
    }
}
