package io.dbworkers.component.dbcdc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the captured table is idle and only other tables are written, the heartbeat confirms the server's position:
 * the slot holds no WAL for changes it does not capture, and the heartbeat query runs.
 */
class PostgresCdcHeartbeatIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcHeartbeatIT.class);
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(PostgresCdcHeartbeatIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)",
                "CREATE TABLE other (id SERIAL PRIMARY KEY, note TEXT)",
                "CREATE TABLE beats (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)", "INSERT INTO beats VALUES (1, 0)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void anIdleSlotIsConfirmedPastWhatOtherTablesWrote() throws Exception {
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=orders&heartbeatInterval=500&heartbeatActionQuery=RAW(UPDATE beats SET n = n + 1)"
                     + "&offsetFile=" + CdcCapture.offsetFile(NAME);
        try (CdcCapture capture = CdcCapture.start(uri)) {
            CdcCapture.awaitSlotActive(NAME);
            execute(db, "INSERT INTO orders VALUES (1, 'pending')");
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.changes.size() == 1);
            execute(db, "INSERT INTO other (note) SELECT repeat('x', 1000) FROM generate_series(1, 2000)");
            long written = query("SELECT (pg_current_wal_lsn() - '0/0')::bigint");
            await().atMost(Duration.ofSeconds(120)).until(() -> query("SELECT (confirmed_flush_lsn - '0/0')::bigint"
                    + " FROM pg_replication_slots WHERE slot_name = '" + NAME + "'") >= written);
            assertThat(query("SELECT n FROM beats WHERE id = 1")).isPositive();
            assertThat(capture.changes).hasSize(1);
        }
    }

    private static long query(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
