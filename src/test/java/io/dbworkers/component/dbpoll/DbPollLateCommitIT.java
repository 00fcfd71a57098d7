package io.dbworkers.component.dbpoll;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.it.ItSupport;

/**
 * PostgreSQL: no committed row is missed however long its transaction stayed open, and none is delivered twice; the
 * poller connects as a user with SELECT and pg_read_all_stats only. The negative control shows that the scenario
 * bites: the same writers under a zero safety lag make the poller miss rows for good.
 */
class DbPollLateCommitIT extends ItSupport {

    private static HikariDataSource db;
    private static HikariDataSource capture;

    @BeforeAll
    static void schema() {
        db = freshPostgres(DbPollLateCommitIT.class);
        execute(db, "CREATE TABLE events (id BIGSERIAL PRIMARY KEY, version INT NOT NULL,"
                        + " updated_at TIMESTAMP NOT NULL DEFAULT now())",
                "CREATE INDEX events_cursor ON events (updated_at, id)",
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'it_capture') THEN"
                        + " CREATE ROLE it_capture LOGIN; END IF; END $$",
                "GRANT SELECT ON events TO it_capture",
                "GRANT pg_read_all_stats TO it_capture");
        capture = DataSources.pool("capture",
                new ConnectionUrl(postgresJdbcUrl(nameFor(DbPollLateCommitIT.class)), "it_capture", null), 4);
    }

    @AfterAll
    static void close() {
        capture.close();
        db.close();
    }

    @Test
    void everyCommittedRowVersionIsDeliveredOnce() throws Exception {
        execute(db, "TRUNCATE events");
        new LateCommitScenario(db::getConnection, capture,
                "INSERT INTO events (version) VALUES (1)",
                "UPDATE events SET version = version + 1, updated_at = now() WHERE id = ?",
                "SELECT version FROM events WHERE id = ?")
                .run("db-poll:events?dataSource=#capture&timestampColumn=updated_at&watermark=transactions"
                        + "&batchSize=7&delay=50");
    }

    @Test
    void withAZeroSafetyLagLateCommitsAreMissed() throws Exception {
        execute(db, "TRUNCATE events");
        List<String> missed = new LateCommitScenario(db::getConnection, capture,
                "INSERT INTO events (version) VALUES (1)",
                "UPDATE events SET version = version + 1, updated_at = now() WHERE id = ?",
                "SELECT version FROM events WHERE id = ?")
                .missed("db-poll:events?dataSource=#capture&timestampColumn=updated_at&watermark=lag&safetyLag=0"
                        + "&batchSize=7&delay=50");
        assertThat(missed).as("row versions committed later than the lag after their timestamp, never delivered")
                .isNotEmpty();
    }
}
