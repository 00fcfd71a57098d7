package io.dbworkers.component.dbsync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.sql.Identifiers;

/**
 * The table {@code db_workers_sync_state} in the target database: per sync, whether a full sync is running, the key
 * of its last committed chunk and rows done (saved in the chunk's own transaction, so a rerun resumes exactly after
 * it), and the highest source timestamp synced (the line after which a target change is a conflict).
 */
final class SyncState {

    static final String TABLE = "db_workers_sync_state";
    static final String RUNNING = "running";
    /** running into a target that was empty at the start: the rest of the rows are new */
    static final String RUNNING_INTO_EMPTY = "running_empty";
    static final String DONE = "done";

    /** A sync's saved state; lastKey is null before the first chunk. */
    record State(String status, List<String> lastKey, long rowsDone, String lastTimestamp) {
    }

    private final String table;
    private final String name;

    SyncState(Connection target, String name) throws SQLException {
        this.table = Identifiers.of(target).quotePlain(TABLE);
        this.name = name;
        try (Statement s = target.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (sync_name varchar(255) NOT NULL PRIMARY KEY,"
                    + " status varchar(16) NOT NULL, last_key text, rows_done bigint NOT NULL,"
                    + " last_timestamp varchar(64), updated_at varchar(40))");
        }
        if (!target.getAutoCommit()) {
            target.commit();
        }
    }

    State load(Connection target) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("SELECT status, last_key, rows_done, last_timestamp FROM "
                + table + " WHERE sync_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String key = rs.getString(2);
                return new State(rs.getString(1), key == null ? null : parse(key), rs.getLong(3), rs.getString(4));
            }
        }
    }

    /** Saves the state in the connection's current transaction. */
    void save(Connection target, State state) throws SQLException {
        String key = state.lastKey() == null ? null : ChangeJson.toJson(state.lastKey());
        String now = java.time.Instant.now().toString();
        try (PreparedStatement update = target.prepareStatement("UPDATE " + table + " SET status = ?, last_key = ?,"
                + " rows_done = ?, last_timestamp = ?, updated_at = ? WHERE sync_name = ?")) {
            update.setString(1, state.status());
            update.setString(2, key);
            update.setLong(3, state.rowsDone());
            update.setString(4, state.lastTimestamp());
            update.setString(5, now);
            update.setString(6, name);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = target.prepareStatement("INSERT INTO " + table + " (status, last_key,"
                + " rows_done, last_timestamp, updated_at, sync_name) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, state.status());
            insert.setString(2, key);
            insert.setLong(3, state.rowsDone());
            insert.setString(4, state.lastTimestamp());
            insert.setString(5, now);
            insert.setString(6, name);
            insert.executeUpdate();
        }
    }

    private static List<String> parse(String json) throws SQLException {
        try {
            return ChangeJson.mapper().readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable last_key in " + TABLE + ": " + json, e);
        }
    }
}
