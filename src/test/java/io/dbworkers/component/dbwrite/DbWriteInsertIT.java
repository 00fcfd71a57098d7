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
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.schema.Migrations;

import static org.assertj.core.api.Assertions.assertThat;

class DbWriteInsertIT extends ItSupport {

    private static HikariDataSource pg;

    @BeforeAll
    static void database() {
        pg = freshPostgres(DbWriteInsertIT.class);
        Migrations.migrate(pg, "sensor_readings", false);
    }

    @AfterAll
    static void close() {
        pg.close();
    }

    @Test
    void twentyThousandRowsOfSevenColumnsPassTheBindParameterLimit() throws Exception {
        List<Map<String, Object>> body = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> row = WriteRoute.reading(i);
            if (i % 2 == 1) {
                // as the Redis stream has them: every value a string, parsed by PostgreSQL for its column
                row.put("timestamp", row.get("timestamp").toString());
                row.put("value", row.get("value").toString());
                row.put("metadata", "{\"seq\": " + i + "}");
            }
            body.add(row);
        }

        // 140,000 parameters in one batch: split into statements of at most 65,535, all in one transaction
        try (WriteRoute route = WriteRoute.start(pg, "db-write:sensor_readings?mode=insert&batchSize=20000")) {
            Exchange done = route.write(body);
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getHeader(DbWriteConstants.ROWS_WRITTEN)).isEqualTo(20_000);
        }

        try (Connection c = pg.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT entry_id), sum(value),"
                     + " min(timestamp) = '2026-11-21T00:00:00Z', count(metadata),"
                     + " count(*) FILTER (WHERE metadata->>'seq' = split_part(entry_id, '-', 2))"
                     + " FROM sensor_readings")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(20_000);
            assertThat(rs.getInt(2)).isEqualTo(20_000);
            double sum = 0;
            int withMetadata = 0;
            for (int i = 0; i < 20_000; i++) {
                sum += 20 + i / 8.0;
                withMetadata += i % 2 == 1 || i % 3 != 0 ? 1 : 0;
            }
            assertThat(rs.getDouble(3)).isEqualTo(sum);
            assertThat(rs.getBoolean(4)).isTrue();
            assertThat(rs.getInt(5)).isEqualTo(withMetadata);
            assertThat(rs.getInt(6)).isEqualTo(withMetadata);
        }
    }
}
