package io.dbworkers.component.dbwrite;

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
class TargetTableNamesTest {

    private static final String INJECTED = "x\"; DROP TABLE y; --";

    private Connection h2;

    @BeforeEach
    void open() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:target_table_names", "sa", "");
        execute("CREATE TABLE y (id INT PRIMARY KEY)");
    }

    @AfterEach
    void close() throws SQLException {
        execute("DROP ALL OBJECTS");
        h2.close();
    }

    @Test
    void anInjectedTableNameIsRefusedNamingTheSetting() throws SQLException {
        assertThatThrownBy(() -> TargetTable.resolve(h2, INJECTED, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("db-write table: unknown table '" + INJECTED + "' in schema 'PUBLIC'");
        assertThatThrownBy(() -> TargetTable.resolve(h2, "y", null).columns("id," + INJECTED, "columns", "db-write:y"))
                .hasMessage("columns: unknown column '" + INJECTED + "' in db-write:y");
        assertThat(count("y")).isZero();
    }

    @Test
    void aTableAndColumnReallyNamedSoAreWrittenSafely() throws SQLException {
        execute("CREATE TABLE \"x\"\"; DROP TABLE y; --\" (id INT PRIMARY KEY, \"v\"\"al\" VARCHAR(10))");
        TargetTable table = TargetTable.resolve(h2, INJECTED, null);
        WriteMode mode = WriteMode.of("insert", null, table.dialect);

        try (PreparedStatement ps = h2.prepareStatement(Statements.insert(table, table.columns, table.primaryKey,
                mode, 1))) {
            ps.setInt(1, 7);
            ps.setString(2, "seven");
            ps.executeUpdate();
        }
        assertThat(count(table.qualifiedName)).isEqualTo(1);
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
