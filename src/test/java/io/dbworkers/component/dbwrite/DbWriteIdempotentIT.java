package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.schema.Migrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch delivered again, as after a crash between commit and acknowledgement, leaves one row per (stream, entry id).
 */
class DbWriteIdempotentIT extends ItSupport {

    private static HikariDataSource pg;

    @BeforeAll
    static void database() {
        pg = freshPostgres(DbWriteIdempotentIT.class);
        Migrations.migrate(pg, "sensor_readings", false);
    }

    @AfterAll
    static void close() {
        pg.close();
    }

    @BeforeEach
    void empty() {
        execute(pg, "TRUNCATE sensor_readings");
    }

    @Test
    void copyThroughATemporaryTable() throws Exception {
        writingTheSameBatchTwiceLeavesOneRowPerEntry("mode=copy&onConflict=ignore");
    }

    @Test
    void insertOnConflictDoNothing() throws Exception {
        writingTheSameBatchTwiceLeavesOneRowPerEntry("onConflict=ignore&keyColumns=stream,entry_id");
    }

    private static void writingTheSameBatchTwiceLeavesOneRowPerEntry(String options) throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(WriteRoute.reading(i));
        }
        batch.add(WriteRoute.reading(42));

        try (WriteRoute route = WriteRoute.start(pg, "db-write:sensor_readings?" + options)) {
            Exchange first = route.write(batch);
            Exchange again = route.write(batch.subList(250, 501));

            assertThat(first.getException()).isNull();
            assertThat(again.getException()).isNull();
            assertThat(again.getMessage().getHeader(DbWriteConstants.ROWS_WRITTEN)).isEqualTo(251);
            assertThat(again.getMessage().getHeader(DbWriteConstants.ROWS_REJECTED)).isEqualTo(0);
        }

        try (Connection c = pg.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (stream, entry_id)) FROM sensor_readings")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(500);
            assertThat(rs.getInt(2)).isEqualTo(500);
        }
    }
}
