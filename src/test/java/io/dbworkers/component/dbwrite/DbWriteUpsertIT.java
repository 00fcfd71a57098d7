package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Upsert updates the rows whose key is there and inserts the others; the last version of a key in a batch wins. */
class DbWriteUpsertIT extends ItSupport {

    private static final String TABLE = "CREATE TABLE devices (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
            + " level INT, firmware VARCHAR(20) DEFAULT 'v1')";
    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void databases() {
        pg = freshPostgres(DbWriteUpsertIT.class);
        execute(pg, TABLE);
        maria = freshMariaDb(DbWriteUpsertIT.class);
        execute(maria, TABLE);
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @BeforeEach
    void tenDevices() {
        for (DataSource db : List.of(pg, maria)) {
            execute(db, "DELETE FROM devices");
            for (int i = 1; i <= 10; i++) {
                execute(db, "INSERT INTO devices (id, name, level, firmware) VALUES (" + i + ", 'old-" + i + "', 0,"
                        + " 'v0')");
            }
        }
    }

    @Test
    void upsertOnPostgres() throws Exception {
        updatesExistingKeysAndInsertsNewOnes(pg);
    }

    @Test
    void upsertOnMariaDb() throws Exception {
        updatesExistingKeysAndInsertsNewOnes(maria);
    }

    @Test
    void insertIgnoringDuplicatesOnPostgres() throws Exception {
        skipsExistingKeysButStillRejectsBadRows(pg);
    }

    @Test
    void insertIgnoringDuplicatesOnMariaDb() throws Exception {
        skipsExistingKeysButStillRejectsBadRows(maria);
    }

    private static void updatesExistingKeysAndInsertsNewOnes(DataSource db) throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 6; i <= 15; i++) {
            batch.add(device(i, "new-" + i, i));
        }
        batch.add(device(7, "newer-7", 70));

        try (WriteRoute route = WriteRoute.start(db, "db-write:devices?mode=upsert&columns=id,name,level")) {
            Exchange done = route.write(batch);
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getHeader(DbWriteConstants.ROWS_WRITTEN)).isEqualTo(11);
        }

        assertThat(rows(db)).containsExactly("1 old-1 0 v0", "2 old-2 0 v0", "3 old-3 0 v0", "4 old-4 0 v0",
                "5 old-5 0 v0", "6 new-6 6 v0", "7 newer-7 70 v0", "8 new-8 8 v0", "9 new-9 9 v0",
                "10 new-10 10 v0", "11 new-11 11 v1", "12 new-12 12 v1", "13 new-13 13 v1", "14 new-14 14 v1",
                "15 new-15 15 v1");
    }

    private static void skipsExistingKeysButStillRejectsBadRows(DataSource db) throws Exception {
        List<Map<String, Object>> batch = List.of(device(9, "new-9", 9), device(11, "new-11", 11),
                device(12, null, 12), device(11, "again-11", 110));

        try (WriteRoute route = WriteRoute.start(db, "db-write:devices?onConflict=ignore&keyColumns=id")) {
            Exchange done = route.write(batch);
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getHeader(DbWriteConstants.ROWS_WRITTEN)).isEqualTo(3);
            assertThat(done.getMessage().getHeader(DbWriteConstants.ROWS_REJECTED)).isEqualTo(1);
        }

        // unlike INSERT IGNORE, a NULL name is refused rather than stored as ''
        assertThat(rows(db)).containsExactly("1 old-1 0 v0", "2 old-2 0 v0", "3 old-3 0 v0", "4 old-4 0 v0",
                "5 old-5 0 v0", "6 old-6 0 v0", "7 old-7 0 v0", "8 old-8 0 v0", "9 old-9 0 v0", "10 old-10 0 v0",
                "11 new-11 11 v1");
    }

    private static Map<String, Object> device(int id, String name, int level) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("NAME", name);
        row.put("level", level);
        return row;
    }

    private static List<String> rows(DataSource db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, level, firmware FROM devices ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getString(4));
            }
        }
        return rows;
    }
}
