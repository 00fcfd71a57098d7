package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.it.ItSupport;
import io.dbworkers.schema.Migrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transient error (here a statement cancelled by statement_timeout while another transaction locks the table) is
 * not bisected: the exchange fails with nothing written and nothing rejected, and the same batch written again once
 * the table is free goes in whole.
 */
class DbWriteTransientIT extends ItSupport {

    private static HikariDataSource pg;
    private static HikariDataSource impatient;

    @BeforeAll
    static void database() {
        pg = freshPostgres(DbWriteTransientIT.class);
        Migrations.migrate(pg, "sensor_readings", false);
        impatient = DataSources.pool("impatient", new ConnectionUrl(postgresJdbcUrl(nameFor(DbWriteTransientIT.class))
                + "?options=-c%20statement_timeout%3D300", PG_USER, null), 2);
    }

    @AfterAll
    static void close() {
        impatient.close();
        pg.close();
    }

    @Test
    void aCancelledBatchFailsTheExchangeWholeAndGoesInWhenTriedAgain() throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(WriteRoute.reading(i));
        }
        batch.get(3).put("value", "not a number");

        try (WriteRoute route = WriteRoute.start(impatient, "db-write:sensor_readings?rejectedUri=mock:rejected")) {
            Exchange failed;
            try (Connection locker = pg.getConnection(); Statement s = locker.createStatement()) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE sensor_readings IN ACCESS EXCLUSIVE MODE");
                failed = route.write(batch);
                locker.rollback();
            }
            assertThat(failed.getException()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("canceling statement due to statement timeout");
            assertThat(route.mock("rejected").getReceivedCounter()).isZero();
            assertThat(count()).isZero();

            Exchange retried = route.write(batch);
            assertThat(retried.getException()).isNull();
            assertThat(retried.getMessage().getHeader(DbWriteConstants.ROWS_WRITTEN)).isEqualTo(999);
            assertThat(route.mock("rejected").getReceivedCounter()).isEqualTo(1);
        }
        assertThat(count()).isEqualTo(999);
    }

    private static int count() throws SQLException {
        try (Connection c = pg.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sensor_readings")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
