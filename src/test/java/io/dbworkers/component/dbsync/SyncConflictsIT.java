package io.dbworkers.component.dbsync;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.support.Progress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each conflict policy, PostgreSQL to PostgreSQL: after a first sync, both sides change rows 1 and 2 (row 1 newer at
 * the source, row 2 newer at the target) and row 3 changes at the source only; the second sync counts two conflicts
 * and settles them by the policy, and row 3 is a plain update.
 */
class SyncConflictsIT extends ItSupport {

    private static HikariDataSource db;

    @BeforeAll
    static void database() {
        db = freshPostgres(SyncConflictsIT.class);
        execute(db, "CREATE SCHEMA target");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static SyncResult scenario(String table, ConflictPolicy policy, String versionColumn) throws Exception {
        execute(db, "CREATE TABLE " + table + " (id int PRIMARY KEY, name text, updated_at timestamp, version int)",
                "INSERT INTO " + table + " SELECT g, 'v1', '2024-01-01', 1 FROM generate_series(1, 3) g");
        sync(table, ConflictPolicy.SOURCE_WINS, versionColumn);
        execute(db, "UPDATE " + table + " SET name = 'source', updated_at = '2024-01-03', version = 2 WHERE id = 1",
                "UPDATE " + table + " SET name = 'source', updated_at = '2024-01-02', version = 2 WHERE id = 2",
                "UPDATE " + table + " SET name = 'source', updated_at = '2024-01-02', version = 2 WHERE id = 3",
                "UPDATE target." + table + " SET name = 'target', updated_at = '2024-01-02', version = 2 WHERE id = 1",
                "UPDATE target." + table + " SET name = 'target', updated_at = '2024-01-03', version = 3 WHERE id = 2");
        SyncResult result = sync(table, policy, versionColumn);
        assertThat(result.conflicts()).as("conflicts").isEqualTo(2);
        return result;
    }

    private static SyncResult sync(String table, ConflictPolicy policy, String versionColumn) throws Exception {
        SyncSpec spec = new SyncSpec(table, "target." + table, versionColumn == null ? "updated_at" : null,
                versionColumn, null, policy, false, true, 100, false);
        return new FullSync(db, db, spec, (t, k, r, e) -> {
            throw new AssertionError("rejected " + r + ": " + e);
        }).run(Progress.start("sync", -1));
    }

    @Test
    void sourceWins() throws Exception {
        scenario("acc_source_wins", ConflictPolicy.SOURCE_WINS, null);
        assertThat(names("acc_source_wins")).containsExactly("source", "source", "source");
    }

    @Test
    void targetWins() throws Exception {
        scenario("acc_target_wins", ConflictPolicy.TARGET_WINS, null);
        assertThat(names("acc_target_wins")).containsExactly("target", "target", "source");
    }

    @Test
    void newestWins() throws Exception {
        scenario("acc_newest_wins", ConflictPolicy.NEWEST_WINS, null);
        assertThat(names("acc_newest_wins")).containsExactly("source", "target", "source");
    }

    @Test
    void manualLeavesTheTargetAndRecordsBothRows() throws Exception {
        SyncResult result = scenario("acc_manual", ConflictPolicy.MANUAL, null);
        assertThat(result.updated()).isEqualTo(1);
        assertThat(names("acc_manual")).containsExactly("target", "target", "source");
        assertThat(Rows.strings(db, "SELECT row_key || ' ' || source_row || ' ' || target_row || ' ' || reason"
                + " FROM db_workers_sync_conflicts WHERE table_name = 'acc_manual' ORDER BY row_key"))
                .hasSize(2)
                .allMatch(s -> s.contains("\"name\":\"source\"") && s.contains("\"name\":\"target\"")
                        && s.contains("after the last sync"));
    }

    @Test
    void versionColumnDetectsTheConflicts() throws Exception {
        SyncResult result = scenario("acc_version", ConflictPolicy.MANUAL, "version");
        assertThat(names("acc_version")).containsExactly("target", "target", "source");
        assertThat(Rows.strings(db, "SELECT reason FROM db_workers_sync_conflicts"
                + " WHERE table_name = 'acc_version'"))
                .allMatch(s -> s.startsWith("target version"));
        assertThat(result.updated()).isEqualTo(1);
    }

    private static List<String> names(String table) throws Exception {
        return Rows.strings(db, "SELECT name FROM target." + table + " ORDER BY id");
    }
}
