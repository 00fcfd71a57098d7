package io.dbworkers.component.dbsync;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * The {@code sync} command's bad input: a table without a primary key, an unknown table, a missing target table or
 * column are one line and exit status 2; a source value the MariaDB target cannot hold goes to the target's
 * dead_letters table with the reason while the rest of the chunk is written.
 */
class SyncBadInputIT extends ItSupport {

    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @TempDir
    Path workDir;

    @BeforeAll
    static void tables() {
        pg = freshPostgres(SyncBadInputIT.class);
        maria = freshMariaDb(SyncBadInputIT.class);
        execute(pg, "CREATE TABLE nokey (a int, b text)",
                "CREATE TABLE wide (id int PRIMARY KEY, code text, extra int)",
                "INSERT INTO wide SELECT g, CASE WHEN g = 7 THEN 'far too long' ELSE 'c' || g END, g"
                        + " FROM generate_series(1, 20) g");
        execute(maria, "CREATE TABLE wide (id int PRIMARY KEY, code varchar(5), extra int)",
                "CREATE TABLE narrow (id int PRIMARY KEY, code varchar(5))");
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    private JarProcess sync(String table, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("sync", "--source", "postgresql://" + PG_USER + "@" + PG_HOST
                + ":5432/" + nameFor(SyncBadInputIT.class), "--target", "mariadb://" + MARIADB_USER + "@"
                + MARIADB_HOST + ":3306/" + nameFor(SyncBadInputIT.class), "--table", table));
        args.addAll(List.of(more));
        return JarProcess.start(workDir, Map.of(), args.toArray(String[]::new));
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(l -> l.startsWith("db-workers:")).toList();
        assertThat(lines).as(output).hasSize(1);
        return lines.get(0);
    }

    @Test
    void tableWithoutPrimaryKey() throws Exception {
        try (JarProcess jar = sync("nokey")) {
            assertThat(jar.waitFor(120)).isEqualTo(2);
            assertThat(lastLine(jar.output())).isEqualTo("db-workers: table: source table nokey has no primary key:"
                    + " sync needs a key to match rows");
            assertThat(jar.output()).doesNotContain("\tat ");
        }
    }

    @Test
    void unknownTableMissingTargetAndMissingColumn() throws Exception {
        try (JarProcess jar = sync("nosuch")) {
            assertThat(jar.waitFor(120)).isEqualTo(2);
            assertThat(lastLine(jar.output())).contains("table: unknown table 'nosuch'");
        }
        try (JarProcess jar = sync("wide", "--target-table", "absent")) {
            assertThat(jar.waitFor(120)).isEqualTo(2);
            assertThat(lastLine(jar.output())).contains("target table absent does not exist");
        }
        try (JarProcess jar = sync("wide", "--target-table", "narrow")) {
            assertThat(jar.waitFor(120)).isEqualTo(2);
            assertThat(lastLine(jar.output())).contains("target table narrow has no column 'extra'");
        }
    }

    @Test
    void valueTooLongIsDeadLetteredAndTheRestWritten() throws Exception {
        try (JarProcess jar = sync("wide")) {
            assertThat(jar.waitFor(120)).as(jar.output()).isZero();
            assertThat(jar.output()).contains("rows_synced: 20", "inserted: 19", "rejected: 1");
        }
        assertThat(Rows.strings(maria, "SELECT count(*) FROM wide")).containsExactly("19");
        assertThat(Rows.strings(maria, "SELECT count(*) FROM wide WHERE id = 7")).containsExactly("0");
        assertThat(Rows.strings(maria, "SELECT concat(table_name, ' ', `key`, ' ', error)"
                + " FROM dead_letters"))
                .singleElement().asString().startsWith("wide {\"id\":7} ").contains("too long");
    }
}
