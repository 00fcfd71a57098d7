package io.dbworkers.component.dbsync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.sql.Dialect;
import io.dbworkers.sql.Identifiers;

/**
 * The table {@code db_workers_sync_conflicts} in the target database, where the {@code manual} policy leaves each
 * conflicting source row, the target row it would have overwritten and the reason, for a person to settle.
 */
final class Conflicts {

    static final String TABLE = "db_workers_sync_conflicts";

    private final String table;

    Conflicts(Connection target) throws SQLException {
        Identifiers ids = Identifiers.of(target);
        this.table = ids.quotePlain(TABLE);
        String id = ids.dialect() == Dialect.MARIADB ? "id bigint AUTO_INCREMENT PRIMARY KEY"
                : "id bigserial PRIMARY KEY";
        try (Statement s = target.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + id + ", table_name varchar(255) NOT NULL,"
                    + " row_key text NOT NULL, source_row text, target_row text, reason text NOT NULL,"
                    + " detected_at varchar(40) NOT NULL)");
        }
        if (!target.getAutoCommit()) {
            target.commit();
        }
    }

    /** Records a conflict in the connection's current transaction. */
    void record(Connection target, String tableName, Map<String, Object> key, Map<String, Object> source,
            Map<String, Object> targetRow, String reason) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("INSERT INTO " + table + " (table_name, row_key,"
                + " source_row, target_row, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, tableName);
            ps.setString(2, ChangeJson.toJson(key));
            ps.setString(3, ChangeJson.toJson(source));
            ps.setString(4, ChangeJson.toJson(targetRow));
            ps.setString(5, reason);
            ps.setString(6, java.time.Instant.now().toString());
            ps.executeUpdate();
        }
    }
}
