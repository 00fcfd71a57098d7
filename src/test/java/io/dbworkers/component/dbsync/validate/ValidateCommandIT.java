package io.dbworkers.component.dbsync.validate;

import java.nio.file.Path;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar db-workers.jar validate ...}: exit 0 and {@code is_valid: true} for equal tables, exit 1 naming
 * each missing, extra and differing key, exit 2 with one line naming the argument for bad arguments.
 */
class ValidateCommandIT extends ItSupport {

    private static final String NAME = nameFor(ValidateCommandIT.class);
    private static final String PG_URL = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME;
    private static final String MARIADB_URL = "mariadb://" + MARIADB_USER + "@" + MARIADB_HOST + ":3306/" + NAME;
    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createTables() {
        pg = freshPostgres(ValidateCommandIT.class);
        maria = freshMariaDb(ValidateCommandIT.class);
        UsersTables.postgres(pg, "users", "jsonb", 3000);
        UsersTables.mariaDb(maria, "users", 3000);
        UsersTables.postgres(pg, "altered", "jsonb", 3000);
        execute(pg, "DELETE FROM altered WHERE id = 100", "UPDATE altered SET name = 'changed' WHERE id = 200",
                "INSERT INTO altered (id) VALUES (5000)", "CREATE TABLE nokey (id int, name text)");
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void equalTablesExitZero() throws Exception {
        String out = run(0, "validate", "--source", MARIADB_URL, "--target", PG_URL, "--table", "users");
        assertThat(out).contains("source_rows: 2994", "target_rows: 2994", "is_valid: true")
                .doesNotContain("missing id=", "extra id=", "differing id=");
    }

    @Test
    void differencesAreListedAndExitOne() throws Exception {
        String out = run(1, "validate", "--source", PG_URL, "--target", PG_URL, "--table", "users",
                "--target-table", "altered");
        assertThat(out).contains("missing id=100\n", "extra id=5000\n", "differing id=200: name\n", "missing: 1\n",
                "extra: 1\n", "differing: 1\n", "is_valid: false");
    }

    @Test
    void syncWithValidateChecksWhatItCopied() throws Exception {
        String out = run(0, "sync", "--source", MARIADB_URL, "--target", PG_URL, "--table", "users",
                "--target-table", "synced", "--create-target", "--validate");
        assertThat(out).contains("rows_synced: 2994", "is_valid: true").doesNotContain("missing id=", "differing id=");
        // without --delete-missing a full sync keeps the target's row 100, which the source no longer has
        out = run(1, "sync", "--source", PG_URL, "--target", PG_URL, "--table", "altered",
                "--target-table", "synced", "--validate");
        assertThat(out).contains("extra id=100\n", "is_valid: false");
    }

    @Test
    void badArgumentsExitTwoWithOneLine() throws Exception {
        assertOneLine(run(2, "validate", "--source", PG_URL, "--target", PG_URL),
                "db-workers: --table: is required; usage: validate");
        assertOneLine(run(2, "validate", "--source", PG_URL, "--target", "redis://x/1", "--table", "users"),
                "db-workers: --target: unsupported scheme 'redis'");
        assertOneLine(run(2, "validate", "--source", PG_URL, "--target", MARIADB_URL, "--table", "nosuch"),
                "db-workers: --source: unknown table 'nosuch'");
        assertOneLine(run(2, "validate", "--source", PG_URL, "--target", PG_URL, "--table", "nokey"),
                "db-workers: --key: table 'nokey' has no primary key");
        assertOneLine(run(2, "validate", "--source", PG_URL, "--target", PG_URL, "--table", "users", "--verbose"),
                "db-workers: validate: unknown argument '--verbose'");
    }

    private String run(int expectedExit, String... args) throws Exception {
        try (JarProcess jar = JarProcess.start(workDir, Map.of(), args)) {
            assertThat(jar.waitFor(120)).as(jar.output()).isEqualTo(expectedExit);
            return jar.output();
        }
    }

    private static void assertOneLine(String output, String start) {
        assertThat(output.lines().filter(l -> !l.isBlank()).toList()).as(output).singleElement()
                .asString().startsWith(start);
    }
}
