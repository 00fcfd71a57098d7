package io.dbworkers.sql;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Case rules and quoting as real PostgreSQL and MariaDB report them. */
class TableRefIT extends ItSupport {

    private static final String INJECTED = "x\"; DROP TABLE y; --";

    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void databases() {
        pg = freshPostgres(TableRefIT.class);
        execute(pg, "CREATE TABLE orders (id INT PRIMARY KEY)", "CREATE TABLE \"Orders\" (id INT PRIMARY KEY)",
                "CREATE SCHEMA sales", "CREATE TABLE sales.order_items (b INT, a INT, qty INT, PRIMARY KEY (b, a))",
                "CREATE TABLE sales.orderxitems (other INT)", "CREATE TABLE y (id INT)");
        maria = freshMariaDb(TableRefIT.class);
        execute(maria, "CREATE TABLE order_items (b INT, a INT, qty INT, PRIMARY KEY (b, a))",
                "CREATE TABLE orderxitems (other INT)", "CREATE TABLE `x``y` (id INT)");
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void postgresFoldsToLowerCaseAndQuotesWithDoubleQuotes() throws SQLException {
        try (Connection c = pg.getConnection()) {
            Identifiers names = Identifiers.of(c);
            assertThat(names.dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(names.quotePlain("Offsets")).isEqualTo("\"offsets\"");
            assertThat(names.reported("orders")).isEqualTo("orders");

            assertThat(TableRef.table(c, "db-write table", "orders", null).quoted())
                    .isEqualTo("\"public\".\"orders\"");
            assertThat(TableRef.table(c, "db-write table", "Orders", null).quoted())
                    .isEqualTo("\"public\".\"Orders\"");
            TableRef items = TableRef.table(c, "db-write table", "SALES.Order_Items", null);
            assertThat(items.quoted()).isEqualTo("\"sales\".\"order_items\"");
            assertThat(items.columns(c)).extracting(TableRef.Column::name).containsExactly("b", "a", "qty");
            assertThat(items.primaryKey(c)).containsExactly("b", "a");
            assertThatThrownBy(() -> TableRef.table(c, "db-write table", INJECTED, null))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("db-write table: unknown table '" + INJECTED + "' in schema 'public'");
        }
    }

    @Test
    void mariaDbUsesTheDatabaseAsSchemaAndQuotesWithBackticks() throws SQLException {
        String db = nameFor(TableRefIT.class);
        try (Connection c = maria.getConnection()) {
            Identifiers names = Identifiers.of(c);
            assertThat(names.dialect()).isEqualTo(Dialect.MARIADB);
            assertThat(names.quote("a`b")).isEqualTo("`a``b`");

            TableRef items = TableRef.tableOrView(c, "db-poll table", "ORDER_ITEMS", null);
            assertThat(items.schema()).isEqualTo(db);
            assertThat(items.quoted()).isEqualTo("`" + db + "`.`order_items`");
            assertThat(items.columns(c)).extracting(TableRef.Column::name).containsExactly("b", "a", "qty");
            assertThat(items.primaryKey(c)).containsExactly("b", "a");
            assertThat(TableRef.table(c, "db-write table", "x`y", null).quoted())
                    .isEqualTo("`" + db + "`.`x``y`");
            assertThatThrownBy(() -> TableRef.table(c, "db-write table", INJECTED, null))
                    .hasMessage("db-write table: unknown table '" + INJECTED + "' in schema '" + db + "'");
        }
    }
}
