package io.dbworkers.component.dbsync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.support.Progress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The type table of the issue (integers, numeric with scale, boolean / tinyint(1), varchar lengths, text with escapes
 * and non-ASCII, timestamp / datetime(6), timestamptz in UTC, date, json, bytea / blob, uuid / char(36)) with NULLs and
 * edge values, copied PostgreSQL to MariaDB, MariaDB to PostgreSQL and PostgreSQL to PostgreSQL into tables created
 * from the source's metadata: each column's text, computed by each database, is the same on both sides.
 */
class SyncTypesIT extends ItSupport {

    private static final String PG_TEXT = "SELECT id::text, si::text, i::text, b::text, n::text, dbl::text,"
            + " CASE WHEN bo THEN '1' WHEN NOT bo THEN '0' END, v, t, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US'),"
            + " to_char(tz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), dt::text, j::text, encode(bin, 'hex'),"
            + " u::text FROM %s ORDER BY id";
    private static final String MARIA_TEXT = "SELECT CAST(id AS CHAR), CAST(si AS CHAR), CAST(i AS CHAR),"
            + " CAST(b AS CHAR), CAST(n AS CHAR), CAST(dbl AS CHAR), CAST(bo AS CHAR), v, t,"
            + " DATE_FORMAT(ts, '%%Y-%%m-%%d %%H:%%i:%%s.%%f'), DATE_FORMAT(tz, '%%Y-%%m-%%d %%H:%%i:%%s.%%f'),"
            + " CAST(dt AS CHAR), j, LOWER(HEX(bin)), u FROM %s ORDER BY id";

    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void tables() {
        pg = freshPostgres(SyncTypesIT.class);
        maria = freshMariaDb(SyncTypesIT.class);
        execute(pg, "CREATE TABLE types (id integer PRIMARY KEY, si smallint, i integer, b bigint, n numeric(12,3),"
                        + " dbl double precision, bo boolean, v varchar(10), t text, ts timestamp, tz timestamptz,"
                        + " dt date, j json, bin bytea, u uuid)",
                "INSERT INTO types (id) VALUES (1)",
                "INSERT INTO types VALUES (2, -32768, -2147483648, -9223372036854775808, -99999999.999, -2.25, false,"
                        + " '', E'tab\\there\\nnew line \\\\ back ''quote'' \u00e4\u20ac\uD83D\uDE00',"
                        + " '1000-01-01 00:00:00', '1970-01-02 00:00:00+00', '1000-01-01', '[]', '\\x00',"
                        + " '00000000-0000-0000-0000-000000000000')",
                "INSERT INTO types VALUES (3, 32767, 2147483647, 9223372036854775807, 99999999.999, 1.5, true,"
                        + " 'abcdefghij', repeat('long ', 2000), '9999-12-31 23:59:59.999999',"
                        + " '2038-01-19 03:14:07.123456+05', '9999-12-31', '{\"k\": \"v \\\"q\\\"\"}',"
                        + " '\\xdeadbeef', 'ffffffff-ffff-ffff-ffff-ffffffffffff')");
        execute(maria, "CREATE TABLE types (id int PRIMARY KEY, si smallint, i int, b bigint, n decimal(12,3),"
                        + " dbl double, bo tinyint(1), v varchar(10), t longtext, ts datetime(6), tz timestamp(6) NULL,"
                        + " dt date, j json, bin longblob, u char(36))",
                "SET time_zone = '+00:00'",
                "INSERT INTO types (id) VALUES (1)",
                "INSERT INTO types VALUES (2, -32768, -2147483648, -9223372036854775808, -99999999.999, -2.25, 0,"
                        + " '', 'tab\\there\\nnew line \\\\ back ''quote'' \u00e4\u20ac\uD83D\uDE00',"
                        + " '1000-01-01 00:00:00', '1970-01-02 00:00:00', '1000-01-01', '[]', x'00',"
                        + " '00000000-0000-0000-0000-000000000000')",
                "INSERT INTO types VALUES (3, 32767, 2147483647, 9223372036854775807, 99999999.999, 1.5, 1,"
                        + " 'abcdefghij', repeat('long ', 2000), '9999-12-31 23:59:59.999999',"
                        + " '2038-01-18 22:14:07.123456', '9999-12-31', '{\"k\": \"v \\\\\"q\\\\\"\"}',"
                        + " x'deadbeef', 'ffffffff-ffff-ffff-ffff-ffffffffffff')");
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void postgresToMariaDb() throws Exception {
        sync(pg, maria, "from_pg", false);
        assertThat(rows(maria, MARIA_TEXT, "from_pg")).containsExactlyElementsOf(rows(pg, PG_TEXT, "types"));
    }

    @Test
    void mariaDbToPostgres() throws Exception {
        sync(maria, pg, "from_maria", false);
        assertThat(rows(pg, PG_TEXT, "from_maria")).containsExactlyElementsOf(rows(maria, MARIA_TEXT, "types"));
    }

    @Test
    void postgresToPostgres() throws Exception {
        sync(pg, pg, "from_pg_copy", true);
        assertThat(rows(pg, PG_TEXT, "from_pg_copy")).containsExactlyElementsOf(rows(pg, PG_TEXT, "types"));
    }

    @Test
    void postgresToPostgresRowsTheTargetRefusesAreDeadLettered() throws Exception {
        // the chunk of rows 1 and 2 is refused by the target's own check, then written row by row from the text of
        // its values: row 2 (every edge value) arrives whole, row 1 is dead-lettered; row 3 goes in by COPY
        execute(pg, "CREATE TABLE from_pg_checked (LIKE types, PRIMARY KEY (id), CHECK (id <> 1))");
        SyncSpec spec = new SyncSpec("types", "from_pg_checked", null, null, null, ConflictPolicy.SOURCE_WINS, true,
                false, 2, false);
        List<String> rejected = new ArrayList<>();
        SyncResult result = new FullSync(pg, pg, spec, (t, k, r, e) -> rejected.add(k + " " + e))
                .run(Progress.start("sync types", -1));
        assertThat(rejected).singleElement().asString().startsWith("{id=1} ").contains("violates check constraint");
        assertThat(result.inserted()).isEqualTo(2);
        assertThat(rows(pg, PG_TEXT, "from_pg_checked")).containsExactlyElementsOf(
                rows(pg, PG_TEXT, "types WHERE id <> 1"));
    }

    @Test
    void bothSidesHoldTheEdgeValues() throws Exception {
        List<List<String>> rows = rows(pg, PG_TEXT, "types");
        assertThat(rows.get(0).subList(1, 15)).containsOnlyNulls();
        assertThat(rows.get(2)).contains("9223372036854775807", "99999999.999", "1", "9999-12-31 23:59:59.999999",
                "2038-01-18 22:14:07.123456", "deadbeef");
        assertThat(rows(maria, MARIA_TEXT, "types")).isEqualTo(rows);
    }

    private static void sync(DataSource source, DataSource target, String targetTable, boolean truncate)
            throws Exception {
        SyncSpec spec = new SyncSpec("types", targetTable, null, null, null, ConflictPolicy.SOURCE_WINS, truncate,
                true, 2, false);
        List<String> rejected = new ArrayList<>();
        SyncResult result = new FullSync(source, target, spec, (t, k, r, e) -> rejected.add(e))
                .run(Progress.start("sync types", -1));
        assertThat(rejected).isEmpty();
        assertThat(result.rowsSynced()).isEqualTo(3);
        assertThat(result.inserted()).isEqualTo(3);
    }

    private static List<List<String>> rows(DataSource ds, String sql, String table) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            if (ds == maria) {
                s.execute("SET time_zone = '+00:00'");
            }
            try (ResultSet rs = s.executeQuery(String.format(sql, table))) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
