package io.dbworkers.component.dbsync;

import java.nio.file.Path;
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
 * The shipped continuous route, examples/sync-users.yaml, run by the jar: db-poll on PostgreSQL feeding db-sync into
 * MariaDB; rows inserted and updated while it runs reach the target.
 */
class SyncRouteIT extends ItSupport {

    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @TempDir
    Path workDir;

    @BeforeAll
    static void tables() {
        pg = freshPostgres(SyncRouteIT.class);
        maria = freshMariaDb(SyncRouteIT.class);
        execute(pg, "CREATE TABLE users (id int PRIMARY KEY, email varchar(120) NOT NULL,"
                        + " updated_at timestamptz NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO users (id, email) SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 50) g");
        execute(maria, "CREATE TABLE users (id int PRIMARY KEY, email varchar(120) NOT NULL,"
                + " updated_at datetime(6) NOT NULL)");
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void changesReachTheTarget() throws Exception {
        String db = nameFor(SyncRouteIT.class);
        Map<String, String> env = Map.of("DATABASE_URL", "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + db,
                "SYNC_TARGET_URL", "mariadb://" + MARIADB_USER + "@" + MARIADB_HOST + ":3306/" + db);
        try (JarProcess jar = JarProcess.start(workDir, env,
                Path.of("examples/sync-users.yaml").toAbsolutePath().toString())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(jar.isAlive()).as(jar.output()).isTrue();
                        assertThat(Rows.strings(maria, "SELECT count(*) FROM users")).containsExactly("50");
                    });
            execute(pg, "INSERT INTO users (id, email) VALUES (51, 'new@example.com')",
                    "UPDATE users SET email = 'changed@example.com', updated_at = clock_timestamp() WHERE id = 7");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(Rows.strings(maria,
                            "SELECT email FROM users WHERE id IN (7, 51) ORDER BY id")).as(jar.output())
                            .containsExactly("changed@example.com", "new@example.com"));
        }
    }
}
