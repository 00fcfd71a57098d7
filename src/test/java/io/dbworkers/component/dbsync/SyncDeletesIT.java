package io.dbworkers.component.dbsync;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.support.Progress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deletes a timestamp cannot see, PostgreSQL to MariaDB: a row hard-deleted at the source goes with deleteMissing's
 * key-set comparison (across more than one page of keys), a row flagged by the softDeleteColumn goes too.
 */
class SyncDeletesIT extends ItSupport {

    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void tables() {
        pg = freshPostgres(SyncDeletesIT.class);
        maria = freshMariaDb(SyncDeletesIT.class);
        execute(pg, "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL,"
                        + " deleted boolean NOT NULL DEFAULT false)",
                "INSERT INTO users (id, name) SELECT g, 'user ' || g FROM generate_series(1, 2500) g");
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void hardAndSoftDeletesReachTheTarget() throws Exception {
        SyncResult first = sync();
        assertThat(first.inserted()).isEqualTo(2500);
        execute(pg, "DELETE FROM users WHERE id IN (2, 1500, 2500)", "UPDATE users SET deleted = true WHERE id = 3");
        SyncResult second = sync();
        assertThat(second.deleted()).isEqualTo(4);
        assertThat(Rows.strings(maria, "SELECT count(*) FROM users")).containsExactly("2496");
        assertThat(Rows.strings(maria, "SELECT id FROM users WHERE id IN (1, 2, 3, 4, 1500, 2500) ORDER BY id"))
                .containsExactly("1", "4");
    }

    private static SyncResult sync() throws Exception {
        SyncSpec spec = new SyncSpec("users", null, null, null, "deleted", ConflictPolicy.SOURCE_WINS, false, true,
                500, true);
        return new FullSync(pg, maria, spec, (t, k, r, e) -> {
            throw new AssertionError("rejected " + r + ": " + e);
        }).run(Progress.start("sync", -1));
    }
}
