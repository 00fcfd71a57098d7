package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.schema.Migrations;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch of 1,000 with three bad rows writes the 997 good ones and hands exactly the 3 bad ones on. */
class DbWriteBisectIT extends ItSupport {

    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void databases() {
        pg = freshPostgres(DbWriteBisectIT.class);
        Migrations.migrate(pg, "sensor_readings", false);
        maria = freshMariaDb(DbWriteBisectIT.class);
        execute(maria, "CREATE TABLE sensor_readings (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " timestamp TIMESTAMP(6) NOT NULL, device_id VARCHAR(100) NOT NULL, sensor_type VARCHAR(100) NOT NULL,"
                + " value DOUBLE NOT NULL, metadata JSON, created_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6),"
                + " stream VARCHAR(200) NOT NULL, entry_id VARCHAR(100) NOT NULL, UNIQUE (stream, entry_id))");
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @BeforeEach
    void empty() {
        execute(pg, "TRUNCATE sensor_readings");
        execute(maria, "TRUNCATE sensor_readings");
    }

    @Test
    void insertOnPostgres() throws Exception {
        writesTheGoodRowsAndRejectsTheBadOnes(pg, "insert", "null value in column \"device_id\"",
                "invalid input syntax for type double precision: \"abc\"", "value too long for type character varying(100)");
    }

    @Test
    void copyOnPostgres() throws Exception {
        writesTheGoodRowsAndRejectsTheBadOnes(pg, "copy", "null value in column \"device_id\"",
                "invalid input syntax for type double precision: \"abc\"", "value too long for type character varying(100)");
    }

    @Test
    void insertOnMariaDb() throws Exception {
        writesTheGoodRowsAndRejectsTheBadOnes(maria, "insert", "Column 'device_id' cannot be null",
                "Incorrect double value: 'abc'", "Data too long for column 'device_id'");
    }

    @Test
    void aDeadLetterTargetThatFailsFailsTheExchange() throws Exception {
        try (WriteRoute route = WriteRoute.start(pg, "db-write:sensor_readings?rejectedUri=direct:broken")) {
            route.context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:broken").routeId("broken").throwException(new IllegalStateException("DLQ is down"));
                }
            });
            Exchange done = route.write(batchWithThreeBadRows());

            assertThat(done.getException()).hasMessageContaining("could not hand a rejected row to direct:broken")
                    .hasRootCauseMessage("DLQ is down");
        }
    }

    private static void writesTheGoodRowsAndRejectsTheBadOnes(DataSource db, String mode, String notNull,
            String badNumber, String tooLong) throws Exception {
        List<Map<String, Object>> batch = batchWithThreeBadRows();
        try (WriteRoute route = WriteRoute.start(db, "db-write:sensor_readings?mode=" + mode
                + "&rejectedUri=mock:rejected")) {
            MockEndpoint rejected = route.mock("rejected");
            rejected.expectedBodiesReceived(batch.get(10), batch.get(500), batch.get(999));

            Exchange done = route.write(batch);

            assertThat(done.getException()).isNull();
            rejected.assertIsSatisfied();
            List<Exchange> dead = rejected.getReceivedExchanges();
            assertThat(dead.get(0).getMessage().getHeader(DbWriteConstants.ERROR, String.class)).contains(notNull);
            assertThat(dead.get(1).getMessage().getHeader(DbWriteConstants.ERROR, String.class)).contains(badNumber);
            assertThat(dead.get(2).getMessage().getHeader(DbWriteConstants.ERROR, String.class)).contains(tooLong);
            assertThat(dead.get(0).getMessage().getHeader(DbWriteConstants.TABLE)).isEqualTo("sensor_readings");
            assertThat(done.getMessage().getHeader(DbWriteConstants.ROWS_WRITTEN)).isEqualTo(997);
            assertThat(done.getMessage().getHeader(DbWriteConstants.ROWS_REJECTED)).isEqualTo(3);
            assertThat(done.getMessage().getHeader(DbWriteConstants.REJECTED, List.class)).hasSize(3);
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), sum(CASE WHEN entry_id IN ('1700000000000-10',"
                     + " '1700000000000-500', '1700000000000-999') THEN 1 ELSE 0 END) FROM sensor_readings")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(997);
            assertThat(rs.getInt(2)).isZero();
        }
    }

    private static List<Map<String, Object>> batchWithThreeBadRows() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(WriteRoute.reading(i));
        }
        batch.get(10).put("device_id", null);
        batch.get(500).put("value", "abc");
        batch.get(999).put("device_id", "x".repeat(101));
        return batch;
    }
}
