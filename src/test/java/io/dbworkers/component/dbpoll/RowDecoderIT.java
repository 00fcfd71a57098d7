package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.Arrays;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;

import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A polled row's {@code timestamp} and {@code numeric} values, decoded by db-poll from PostgreSQL's binary results,
 * are equal to the driver's own (value and scale): before 1970 and 2000, BC, infinities, microseconds, many rows of
 * one day, negative numbers, zeros of any scale, numbers too large for the shortcut.
 */
class RowDecoderIT {

    private static HikariDataSource ds;

    @BeforeAll
    static void table() {
        ds = ItSupport.freshPostgres(RowDecoderIT.class);
        ItSupport.execute(ds, "CREATE TABLE v (id INT PRIMARY KEY, t TIMESTAMP, n NUMERIC, m NUMERIC(10,2))",
                "INSERT INTO v SELECT g, timestamp '1890-01-01' + random() * interval '200 years',"
                        + " ((random() - 0.5) * 10 ^ (g % 30 - 10))::numeric(40,12),"
                        + " round(((random() - 0.5) * 10 ^ (g % 9))::numeric, 2) FROM generate_series(1, 3000) g",
                "INSERT INTO v SELECT 10000 + g, timestamp '2026-01-01' + g * interval '1.001 millisecond',"
                        + " g % 7 - 3, (g % 10000) / 100.0 FROM generate_series(1, 3000) g",
                "INSERT INTO v VALUES (1000001, 'infinity', 0, 0), (1000002, '-infinity', 0.000, -0.01),"
                        + " (1000003, '4713-01-01 00:00:00 BC', 123456789012345678901234567890.5, 99999999.99),"
                        + " (1000004, '1969-12-31 23:59:59.999999', 1e20, -99999999.99),"
                        + " (1000005, '2000-01-01 00:00:00', 1e-20, 0.5),"
                        + " (1000006, '1999-12-31 23:59:59.000001', -1e16, 1),"
                        + " (1000007, '294276-12-31 23:59:59.999999', 9999999999999999, NULL),"
                        + " (1000008, NULL, NULL, NULL), (1000009, '0001-01-01 00:00:00', -9999999999999999.99, 10)");
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void sameValuesAsTheDriver() throws Exception {
        int[] readers = {ColumnValues.reader(column(Types.TIMESTAMP, "timestamp")),
                ColumnValues.reader(column(Types.NUMERIC, "numeric")),
                ColumnValues.reader(column(Types.NUMERIC, "numeric"))};
        int rows = 0;
        int shortcuts = 0;
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT t, n, m FROM v ORDER BY t, id")) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            try (ResultSet rs = ps.executeQuery()) {
                RowDecoder decoder = new RowDecoder(rs, readers);
                while (rs.next()) {
                    Object[] driver = new Object[readers.length];
                    for (int i = 0; i < readers.length; i++) {
                        driver[i] = ColumnValues.read(rs, i + 1, readers[i]);
                    }
                    assertThat(decoder.values(rs)).as("row %s", Arrays.toString(driver)).containsExactly(driver);
                    byte[] m = rs.getBytes(3);
                    shortcuts += m != null && RowDecoder.numeric(m) != null ? 1 : 0;
                    rows++;
                }
            }
        }
        assertThat(rows).isEqualTo(6009);
        // the values came in binary form and took the shortcut
        assertThat(shortcuts).isEqualTo(6007);
    }

    private static PolledTable.Column column(int sqlType, String typeName) {
        return new PolledTable.Column("c", "c", "\"c\"", sqlType, typeName);
    }
}
