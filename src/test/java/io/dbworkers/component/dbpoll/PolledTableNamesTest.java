package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A configured table name never reaches SQL as typed: it is looked up, and the name found is quoted. */
class PolledTableNamesTest {

    private static final String INJECTED = "x\"; DROP TABLE y; --";

    private Connection h2;
    private DbPollEndpoint endpoint;

    @BeforeEach
    void open() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:polled_table_names", "sa", "");
        execute("CREATE TABLE y (id INT PRIMARY KEY)");
        endpoint = new DbPollEndpoint("db-poll:t", new DbPollComponent());
        endpoint.setTimestampColumn("updated_at");
    }

    @AfterEach
    void close() throws SQLException {
        execute("DROP ALL OBJECTS");
        h2.close();
    }

    @Test
    void anInjectedTableNameIsRefusedNamingTheSetting() throws SQLException {
        assertThatThrownBy(() -> PolledTable.resolve(h2, INJECTED, endpoint))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("db-poll table: unknown table '" + INJECTED + "' in schema 'PUBLIC'");
        assertThat(count("y")).isZero();
    }

    @Test
    void aTableAndColumnsReallyNamedSoArePolledSafely() throws SQLException {
        execute("CREATE TABLE \"x\"\"; DROP TABLE y; --\" (\"k\"\"ey\" INT PRIMARY KEY, updated_at TIMESTAMP)",
                "INSERT INTO \"x\"\"; DROP TABLE y; --\" VALUES (1, LOCALTIMESTAMP - INTERVAL '1' SECOND)");
        PolledTable table = PolledTable.resolve(h2, INJECTED, endpoint);

        try (PreparedStatement ps = h2.prepareStatement(table.query(false, false, false))) {
            ps.setInt(1, 10);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(table.keyIndexes[0] + 1)).isEqualTo(1);
            }
        }
        assertThat(table.reportedTable).isEqualTo(INJECTED);
        assertThat(count("y")).isZero();
    }

    private void execute(String... sql) throws SQLException {
        try (Statement s = h2.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private long count(String table) throws SQLException {
        try (Statement s = h2.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
