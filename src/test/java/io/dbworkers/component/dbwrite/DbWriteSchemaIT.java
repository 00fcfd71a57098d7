package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.it.ItSupport;
import io.dbworkers.schema.Migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbWriteSchemaIT extends ItSupport {

    private static HikariDataSource pg;

    @BeforeAll
    static void database() {
        pg = freshPostgres(DbWriteSchemaIT.class);
    }

    @AfterAll
    static void close() {
        pg.close();
    }

    @Test
    void migrateCreatesTheTableWithItsRedeliveryGuardAndASecondRunDoesNothing() throws SQLException {
        assertThat(Migrations.migrate(pg, "sensor_readings", false)).isEqualTo(2);

        assertThat(strings("SELECT column_name || ' ' || data_type || ' ' || is_nullable"
                + " FROM information_schema.columns WHERE table_name = 'sensor_readings' ORDER BY ordinal_position"))
                .containsExactly("id bigint NO", "timestamp timestamp with time zone NO",
                        "device_id character varying NO", "sensor_type character varying NO",
                        "value double precision NO", "metadata jsonb YES", "created_at timestamp with time zone YES",
                        "stream text NO", "entry_id text NO");
        assertThat(strings("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = 'sensor_readings'::regclass ORDER BY conname"))
                .containsExactly("PRIMARY KEY (id)", "UNIQUE (stream, entry_id)");

        execute(pg, "INSERT INTO sensor_readings (timestamp, device_id, sensor_type, value, stream, entry_id)"
                + " VALUES (now(), 'd', 't', 1, 's', '1-0')");
        assertThat(Migrations.migrate(pg, "sensor_readings", false)).isZero();
        assertThat(strings("SELECT count(*)::text FROM sensor_readings")).containsExactly("1");
    }

    @Test
    void anExistingTableOfTheSeedIsAdoptedWithItsRows() throws SQLException {
        execute(pg, "CREATE TABLE legacy_readings (id BIGSERIAL PRIMARY KEY, timestamp TIMESTAMPTZ NOT NULL,"
                        + " device_id VARCHAR(100) NOT NULL, sensor_type VARCHAR(100) NOT NULL,"
                        + " value DOUBLE PRECISION NOT NULL, metadata JSONB, created_at TIMESTAMPTZ DEFAULT NOW())",
                "INSERT INTO legacy_readings (timestamp, device_id, sensor_type, value)"
                        + " VALUES (now(), 'esp32', 'temperature', 23.5)");

        assertThat(Migrations.migrate(pg, "legacy_readings", false)).isEqualTo(2);

        assertThat(strings("SELECT stream || ' ' || entry_id FROM legacy_readings"))
                .containsExactly("mqtt_stream:esp32:temperature legacy-1");
    }

    @Test
    void timescaleWithoutTheExtensionSaysSoInOneLineAndCreatesNothing() throws SQLException {
        assertThatThrownBy(() -> Migrations.migrate(pg, "timescale_readings", true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ENABLE_TIMESCALE: the timescaledb extension is not installed in it_db_write_schema");

        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'timescale%'"))
                .isEmpty();
    }

    @Test
    void aTableNameThatIsNotAPlainIdentifierIsRefused() {
        assertThatThrownBy(() -> Migrations.migrate(pg, "readings; DROP TABLE x", false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("TABLE_NAME: 'readings; DROP TABLE x' is not a plain lower-case identifier");
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = pg.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
