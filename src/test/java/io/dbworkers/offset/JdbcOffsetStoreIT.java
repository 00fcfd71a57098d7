package io.dbworkers.offset;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The offset table's configured name is validated and quoted on H2, PostgreSQL and MariaDB. */
class JdbcOffsetStoreIT extends ItSupport {

    private static Map<String, HikariDataSource> databases;

    @BeforeAll
    static void databases() {
        databases = Map.of("h2", DataSources.pool("h2", new ConnectionUrl("jdbc:h2:mem:offsets;DB_CLOSE_DELAY=-1",
                "sa", ""), 2), "postgres", freshPostgres(JdbcOffsetStoreIT.class), "mariadb",
                freshMariaDb(JdbcOffsetStoreIT.class));
        for (DataSource db : databases.values()) {
            execute(db, "CREATE TABLE y (id INT)");
        }
    }

    @AfterAll
    static void close() {
        databases.values().forEach(HikariDataSource::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aReservedWordIsAUsableTableName(String database) {
        JdbcOffsetStore store = started(database, "order");
        store.setState("db-cdc:shop", "{\"lsn\":1}");
        store.setState("db-cdc:shop", "{\"lsn\":2}");

        assertThat(started(database, "order").getState("db-cdc:shop")).isEqualTo("{\"lsn\":2}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aTableCreatedUnquotedByAnEarlierVersionIsStillFound(String database) {
        execute(databases.get(database), "CREATE TABLE Legacy_Offsets (offset_key VARCHAR(255) PRIMARY KEY,"
                + " offset_value TEXT NOT NULL, updated_at TIMESTAMP NOT NULL)",
                "INSERT INTO Legacy_Offsets VALUES ('k', 'v', CURRENT_TIMESTAMP)");

        assertThat(started(database, "Legacy_Offsets").getState("k")).isEqualTo("v");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void anInjectedNameIsRefusedNamingTheSetting(String database) {
        assertThatThrownBy(() -> started(database, "x\"; DROP TABLE y; --"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("offsetTable: 'x\"; DROP TABLE y; --' is not a plain identifier");
        assertThatThrownBy(() -> started(database, "offsets; DROP TABLE y"))
                .isInstanceOf(ConfigurationException.class);
        execute(databases.get(database), "SELECT COUNT(*) FROM y");
    }

    private static JdbcOffsetStore started(String database, String table) {
        JdbcOffsetStore store = new JdbcOffsetStore(databases.get(database), table);
        ServiceHelper.startService(store);
        return store;
    }
}
