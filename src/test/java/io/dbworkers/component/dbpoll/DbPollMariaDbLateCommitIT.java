package io.dbworkers.component.dbpoll;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;

/** MariaDB: the same guarantee, with the watermark held behind the open InnoDB transactions. */
class DbPollMariaDbLateCommitIT extends ItSupport {

    private static HikariDataSource db;

    @BeforeAll
    static void schema() {
        db = freshMariaDb(DbPollMariaDbLateCommitIT.class);
        execute(db, "CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, version INT NOT NULL,"
                        + " updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
                        + " ON UPDATE CURRENT_TIMESTAMP(6), INDEX events_cursor (updated_at, id)) ENGINE=InnoDB");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void everyCommittedRowVersionIsDeliveredOnce() throws Exception {
        new LateCommitScenario(db::getConnection, db,
                "INSERT INTO events (version) VALUES (1)",
                "UPDATE events SET version = version + 1 WHERE id = ?",
                "SELECT version FROM events WHERE id = ?")
                .run("db-poll:events?dataSource=#capture&timestampColumn=updated_at&watermark=transactions"
                        + "&batchSize=7&delay=50");
    }
}
