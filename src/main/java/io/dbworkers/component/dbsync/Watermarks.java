package io.dbworkers.component.dbsync;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import io.dbworkers.sql.PortableType.Kind;

/** The highest source timestamp synced, as saved in the sync state, read back in the target column's form. */
final class Watermarks {

    private Watermarks() {
    }

    static Object parse(String saved, SyncTable table) {
        Object value = parseSource(saved, table);
        return value == null ? null : Values.convert(value, table.targetColumns.get(table.timestamp).type().kind());
    }

    /** The saved text in the source column's form. */
    static Object parseSource(String saved, SyncTable table) {
        if (saved == null || table.timestamp < 0) {
            return null;
        }
        Kind kind = table.sourceColumns.get(table.timestamp).type().kind();
        Object value = switch (kind) {
            case TIMESTAMP -> LocalDateTime.parse(saved);
            case TIMESTAMPTZ -> OffsetDateTime.parse(saved);
            case SMALLINT, INTEGER, BIGINT -> Long.parseLong(saved);
            default -> saved;
        };
        return value;
    }
}
