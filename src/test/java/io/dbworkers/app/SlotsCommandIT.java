package io.dbworkers.app;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.app.ReplicationSlotStatistics;
import io.dbworkers.component.dbcdc.ReplicationSlots;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slots list} shows a slot with the WAL it holds, the {@code replication_slots} statistics report the same,
 * and {@code slots drop NAME} drops it.
 */
class SlotsCommandIT extends ItSupport {

    private static final String NAME = nameFor(SlotsCommandIT.class);
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createSlot() throws Exception {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(SlotsCommandIT.class);
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
            ps.setString(1, NAME);
            ps.execute();
        }
        // some WAL for the slot to hold
        execute(db, "CREATE TABLE filler AS SELECT g AS id, md5(g::text) AS note FROM generate_series(1, 10000) g");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void listsReportsAndDropsSlots() throws Exception {
        String url = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME;
        try (JarProcess list = JarProcess.start(workDir, Map.of("DATABASE_URL", url), "slots", "list")) {
            assertThat(list.waitFor(60)).as(list.output()).isZero();
            assertThat(list.output()).contains("RETAINED_WAL_BYTES")
                    .containsPattern(NAME + "\\s+pgoutput\\s+" + NAME + "\\s+false\\s+[0-9A-F]+/[0-9A-F]+\\s+[1-9]\\d*");
        }

        Map<String, Number> statistics = new ReplicationSlotStatistics(new ReplicationSlots(db)).snapshot();
        assertThat(statistics).containsEntry("available", 1);
        assertThat(statistics.get(NAME + "_retained_wal_bytes").longValue()).isPositive();

        try (JarProcess drop = JarProcess.start(workDir, Map.of(), "slots", "drop", NAME, "--url", url)) {
            assertThat(drop.waitFor(60)).as(drop.output()).isZero();
            assertThat(drop.output()).contains("dropped slot " + NAME);
        }
        assertThat(CdcCapture.postgresSlots().list()).noneMatch(s -> s.name().equals(NAME));
        try (JarProcess again = JarProcess.start(workDir, Map.of(), "slots", "drop", NAME, "--url", url)) {
            assertThat(again.waitFor(60)).isEqualTo(1);
            assertThat(again.output()).contains("no slot " + NAME);
        }
    }
}
