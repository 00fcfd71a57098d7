package io.dbworkers.component.dbsync;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.support.Progress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incremental sync by timestamp (db-poll's watermark, offsets in the target) picks up inserts and updates, and a row
 * written by a transaction that commits late (its timestamp older than rows synced meanwhile) is not missed: the run
 * during the open transaction stops before it, the next run copies it.
 */
class SyncIncrementalIT extends ItSupport {

    private static HikariDataSource db;

    @BeforeAll
    static void database() {
        db = freshPostgres(SyncIncrementalIT.class);
        execute(db, "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL,"
                        + " updated_at timestamptz NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO users (id, name) SELECT g, 'user ' || g FROM generate_series(1, 5) g",
                "CREATE SCHEMA copy",
                "CREATE TABLE copy.users (id int PRIMARY KEY, name text NOT NULL, updated_at timestamptz NOT NULL)");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void insertsUpdatesAndALateCommit() throws Exception {
        SyncResult first = run();
        assertThat(first.inserted()).isEqualTo(5);
        try (Connection late = db.getConnection()) {
            late.setAutoCommit(false);
            try (Statement s = late.createStatement()) {
                // DEFAULT now(): the transaction's start, older than the changes committed while it stays open
                s.execute("INSERT INTO users (id, name, updated_at) VALUES (100, 'late', now())");
            }
            execute(db, "INSERT INTO users (id, name) VALUES (6, 'user 6')",
                    "UPDATE users SET name = 'renamed', updated_at = clock_timestamp() WHERE id = 2");
            run();
            assertThat(names()).doesNotContain("late");
            late.commit();
        }
        run();
        assertThat(Rows.strings(db, "SELECT id || ' ' || name FROM copy.users ORDER BY id"))
                .isEqualTo(Rows.strings(db, "SELECT id || ' ' || name FROM users ORDER BY id"))
                .contains("2 renamed", "6 user 6", "100 late");
        SyncResult again = run();
        assertThat(again.rowsSynced()).as("nothing new").isZero();
    }

    private static SyncResult run() throws Exception {
        SyncSpec spec = new SyncSpec("users", "copy.users", "updated_at", null, null, ConflictPolicy.SOURCE_WINS,
                false, false, 1000, false);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            return new IncrementalRun(db, db, spec, (t, k, r, e) -> {
                throw new AssertionError("rejected " + r + ": " + e);
            }).run(camel, Progress.start("sync", -1));
        }
    }

    private static List<String> names() throws Exception {
        return Rows.strings(db, "SELECT name FROM copy.users ORDER BY id");
    }
}
