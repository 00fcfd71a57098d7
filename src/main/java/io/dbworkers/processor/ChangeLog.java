package io.dbworkers.processor;

import java.util.LinkedHashMap;
import java.util.Map;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;

/** Turns a change and its processing result into a row of a {@code change_log} table, for bulk writes. */
public final class ChangeLog {

    private ChangeLog() {
    }

    public static Map<String, Object> entry(DatabaseChange change, Object result) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("table_name", change.table());
        row.put("change_type", change.changeType().name());
        row.put("change_key", ChangeJson.toJson(change.primaryKey()));
        row.put("result", ResultFormat.format(result));
        return row;
    }
}
