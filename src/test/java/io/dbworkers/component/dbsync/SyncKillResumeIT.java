package io.dbworkers.component.dbsync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the {@code sync} jar in the middle of a full sync of 1,000,000 rows (PostgreSQL to PostgreSQL, the COPY
 * pass-through), then the same command again: it resumes after the last committed chunk and ends with every row once,
 * with the source's content.
 */
class SyncKillResumeIT extends ItSupport {

    private static final int ROWS = 1_000_000;
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshPostgres(SyncKillResumeIT.class);
        execute(db, "CREATE TABLE items (id bigint PRIMARY KEY, payload text NOT NULL, amount numeric(12,2),"
                        + " updated_at timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO items (id, payload, amount) SELECT g, 'item ' || g || repeat('x', 40), g / 100.0"
                        + " FROM generate_series(1, " + ROWS + ") g",
                "CREATE SCHEMA copy",
                "CREATE TABLE copy.items (id bigint PRIMARY KEY, payload text NOT NULL, amount numeric(12,2),"
                        + " updated_at timestamptz NOT NULL)");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void rerunAfterKillFinishesWithoutDuplicates() throws Exception {
        String url = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + nameFor(SyncKillResumeIT.class);
        String[] args = {"sync", "--source", url, "--target", url, "--table", "items", "--target-table", "copy.items",
            "--truncate-target", "--batch-size", "10000"};
        try (JarProcess first = JarProcess.start(workDir, Map.of(), args)) {
            // killed once some chunks are committed (the state says so) and before the end
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50))
                    .until(() -> rowsDone() >= 50_000 || !first.isAlive());
            first.kill();
            assertThat(rowsDone()).as("killed in the middle:\n" + first.output()).isBetween(50_000L, ROWS - 1L);
        }
        long before = count("SELECT count(*) FROM copy.items");
        assertThat(before).isLessThan(ROWS);
        try (JarProcess second = JarProcess.start(workDir, Map.of(), args)) {
            assertThat(second.waitFor(300)).as(second.output()).isZero();
            assertThat(second.output()).contains("resuming the full sync of items", "rejected: 0");
            long resumedRows = Long.parseLong(second.output().lines().filter(l -> l.startsWith("rows_synced: "))
                    .findFirst().orElseThrow().substring("rows_synced: ".length()));
            assertThat(resumedRows).as("the rerun reads only what the first run had not committed")
                    .isEqualTo(ROWS - before);
        }
        assertThat(count("SELECT count(*) FROM copy.items")).isEqualTo(ROWS);
        assertThat(count("SELECT count(DISTINCT id) FROM copy.items")).isEqualTo(ROWS);
        assertThat(text("SELECT md5(string_agg(id || ':' || payload || ':' || amount || ':' || updated_at, ','"
                + " ORDER BY id)) FROM copy.items")).isEqualTo(text("SELECT md5(string_agg(id || ':' || payload"
                + " || ':' || amount || ':' || updated_at, ',' ORDER BY id)) FROM items"));
    }

    private static long rowsDone() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(rows_done), 0) FROM db_workers_sync_state")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            // the jar has not created the state table yet
            return 0;
        }
    }

    private static long count(String sql) throws Exception {
        return Long.parseLong(text(sql));
    }

    private static String text(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
