package io.dbworkers.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quoting and validation rules, and resolution against H2's metadata (upper-case folding). */
class IdentifiersTest {

    private static final String INJECTED = "x\"; DROP TABLE y; --";

    private Connection h2;

    @BeforeEach
    void open() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:identifiers", "sa", "");
    }

    @AfterEach
    void close() throws SQLException {
        try (Statement s = h2.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        h2.close();
    }

    @Test
    void quotesWithEachDatabasesCharacterAndDoublesItInsideTheName() {
        Identifiers postgres = new Identifiers(Dialect.POSTGRESQL, "\"", Identifiers.Folding.LOWER);
        Identifiers mariadb = new Identifiers(Dialect.MARIADB, "`", Identifiers.Folding.NONE);

        assertThat(postgres.quote(INJECTED)).isEqualTo("\"x\"\"; DROP TABLE y; --\"");
        assertThat(mariadb.quote("x`; DROP TABLE y; --")).isEqualTo("`x``; DROP TABLE y; --`");
        assertThat(mariadb.quote("say \"hi\"")).isEqualTo("`say \"hi\"`");
        assertThat(postgres.quote("sales", "Order Items")).isEqualTo("\"sales\".\"Order Items\"");
        assertThat(postgres.quote(null, "orders")).isEqualTo("\"orders\"");
    }

    @Test
    void plainNamesAreSpeltAsTheDatabaseStoresThemUnquoted() {
        assertThat(new Identifiers(Dialect.POSTGRESQL, "\"", Identifiers.Folding.LOWER).quotePlain("Offsets"))
                .isEqualTo("\"offsets\"");
        assertThat(new Identifiers(Dialect.H2, "\"", Identifiers.Folding.UPPER).quotePlain("state.offsets"))
                .isEqualTo("\"STATE\".\"OFFSETS\"");
        assertThat(new Identifiers(Dialect.MARIADB, "`", Identifiers.Folding.NONE).quotePlain("Offsets"))
                .isEqualTo("`Offsets`");
    }

    @Test
    void refusesANameThatIsNotPlainInOneLineNamingTheSetting() {
        assertThatThrownBy(() -> Identifiers.requirePlain("tables", INJECTED))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("tables: '" + INJECTED + "' is not a plain identifier (letters, digits, '_' or '$', not"
                        + " starting with a digit, at most 63)")
                .extracting(e -> ((ConfigurationException) e).getSetting()).isEqualTo("tables");
        assertThatThrownBy(() -> Identifiers.requirePlainQualified("offsetTable", "offsets; DROP TABLE y"))
                .hasMessage("offsetTable: 'offsets; DROP TABLE y' is not a plain identifier (letters, digits, '_' or"
                        + " '$', not starting with a digit, at most 63, optionally after schema.)");
        for (String bad : new String[] {"", "1st", "a b", "a.b", "a-b", "x".repeat(64), "a\nb"}) {
            assertThatThrownBy(() -> Identifiers.requirePlain("s", bad)).isInstanceOf(ConfigurationException.class);
        }
        for (String bad : new String[] {"a.b.c", ".a", "a.", "a..b", "a.\"b\""}) {
            assertThatThrownBy(() -> Identifiers.requirePlainQualified("s", bad))
                    .isInstanceOf(ConfigurationException.class);
        }
        assertThatThrownBy(() -> Identifiers.requirePlain("s", null)).isInstanceOf(ConfigurationException.class);
        assertThatCode(() -> {
            Identifiers.requirePlain("s", "_order$1");
            Identifiers.requirePlain("s", "x".repeat(63));
            Identifiers.requirePlainQualified("s", "state.db_offsets");
            Identifiers.requirePlainQualified("s", "Offsets");
        }).doesNotThrowAnyException();
    }

    @Test
    void h2FoldsToUpperCaseAndReportsLowerCase() throws SQLException {
        Identifiers names = Identifiers.of(h2);

        assertThat(names.dialect()).isEqualTo(Dialect.H2);
        assertThat(names.quotePlain("dead_letters")).isEqualTo("\"DEAD_LETTERS\"");
        assertThat(names.reported("ORDERS")).isEqualTo("orders");
        assertThat(names.reported("MixedCase")).isEqualTo("MixedCase");
    }

    @Test
    void resolvesAConfiguredNameIgnoringCasePreferringTheExactSpelling() throws SQLException {
        execute("CREATE TABLE orders (id INT PRIMARY KEY)", "CREATE TABLE \"Orders\" (id INT PRIMARY KEY)",
                "CREATE SCHEMA sales", "CREATE TABLE sales.items (id INT PRIMARY KEY)");

        assertThat(TableRef.table(h2, "db-write table", "orders", null).quoted()).isEqualTo("\"PUBLIC\".\"ORDERS\"");
        assertThat(TableRef.table(h2, "db-write table", "Orders", null).quoted()).isEqualTo("\"PUBLIC\".\"Orders\"");
        assertThat(TableRef.table(h2, "db-write table", "sales.items", null).quoted())
                .isEqualTo("\"SALES\".\"ITEMS\"");
        assertThat(TableRef.table(h2, "db-write table", "items", "sales").name()).isEqualTo("ITEMS");
        assertThatThrownBy(() -> TableRef.table(h2, "db-write table", "items", null))
                .hasMessage("db-write table: unknown table 'items' in schema 'PUBLIC'");
    }

    @Test
    void anInjectedNameIsUnknownAndATableReallyNamedSoIsQuotedSafely() throws SQLException {
        execute("CREATE TABLE y (id INT)");
        assertThatThrownBy(() -> TableRef.tableOrView(h2, "db-poll table", INJECTED, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("db-poll table: unknown table '" + INJECTED + "' in schema 'PUBLIC'");

        execute("CREATE TABLE \"x\"\"; DROP TABLE y; --\" (id INT)");
        TableRef ref = TableRef.table(h2, "db-write table", INJECTED, null);
        execute("INSERT INTO " + ref.quoted() + " VALUES (1)");

        assertThat(count(ref.quoted())).isEqualTo(1);
        assertThat(count("y")).isZero();
    }

    @Test
    void columnsOfATableWithAnUnderscoreAreItsOwnAndTheKeyIsInKeyOrder() throws SQLException {
        execute("CREATE TABLE a_b (id INT, one INT, PRIMARY KEY (one, id))", "CREATE TABLE axb (id INT, two INT)");
        TableRef ref = TableRef.table(h2, "db-write table", "a_b", null);

        assertThat(ref.columns(h2)).extracting(TableRef.Column::name).containsExactly("ID", "ONE");
        assertThat(ref.columns(h2)).extracting(TableRef.Column::quoted).containsExactly("\"ID\"", "\"ONE\"");
        assertThat(ref.primaryKey(h2)).containsExactly("ONE", "ID");
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
