package io.dbworkers.component.dbsync;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Identifiers;

/**
 * One table's sync, as configured: the same options for the {@code sync} command and the {@code db-sync} endpoint.
 *
 * @param table           the source table, optionally {@code schema.table}
 * @param targetTable     the target table; the source's name when null
 * @param timestampColumn the column the source sets on every change; null when none
 * @param versionColumn   a column incremented on every change, for conflict detection; null when none
 * @param softDeleteColumn a column that marks a source row deleted (true or not null): the target row is deleted
 * @param conflict        the conflict policy
 * @param truncateTarget  empty the target before a full sync (not again when resuming)
 * @param createTarget    create a missing target table from the source's metadata
 * @param batchSize       rows per chunk (one target transaction)
 * @param deleteMissing   after the copy, delete target rows whose key is not at the source
 */
public record SyncSpec(String table, String targetTable, String timestampColumn, String versionColumn,
        String softDeleteColumn, ConflictPolicy conflict, boolean truncateTarget, boolean createTarget, int batchSize,
        boolean deleteMissing) {

    public SyncSpec {
        if (table == null || table.isBlank()) {
            throw new ConfigurationException("table", "is required");
        }
        Identifiers.requirePlainQualified("table", table.trim());
        if (targetTable != null) {
            Identifiers.requirePlainQualified("targetTable", targetTable.trim());
        }
        if (batchSize < 1) {
            throw new ConfigurationException("batchSize", "must be at least 1, not " + batchSize);
        }
        if (conflict == null) {
            conflict = ConflictPolicy.SOURCE_WINS;
        }
        if (conflict == ConflictPolicy.NEWEST_WINS && blank(timestampColumn)) {
            throw new ConfigurationException("conflict", "newest_wins compares timestampColumn; set it");
        }
        timestampColumn = blank(timestampColumn) ? null : timestampColumn.trim();
        versionColumn = blank(versionColumn) ? null : versionColumn.trim();
        softDeleteColumn = blank(softDeleteColumn) ? null : softDeleteColumn.trim();
    }

    /** The target table's name: {@link #targetTable} or the source's. */
    public String target() {
        return targetTable == null ? table : targetTable;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
