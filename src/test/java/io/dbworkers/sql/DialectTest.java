package io.dbworkers.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DialectTest {

    @Test
    void rowValueCursorOnPostgreSql() {
        assertThat(Dialect.POSTGRESQL.after(List.of("\"ts\"", "\"id\""))).isEqualTo("(\"ts\", \"id\") > (?, ?)");
        assertThat(Dialect.POSTGRESQL.afterParameterOrder(2)).containsExactly(0, 1);
    }

    @Test
    void expandedCursorOnMariaDb() {
        assertThat(Dialect.MARIADB.after(List.of("`ts`", "`a`", "`b`")))
                .isEqualTo("((`ts` > ?) OR (`ts` = ? AND `a` > ?) OR (`ts` = ? AND `a` = ? AND `b` > ?))");
        assertThat(Dialect.MARIADB.afterParameterOrder(3)).containsExactly(0, 0, 1, 0, 1, 2);
    }

    @Test
    void rowLimitAndSchemaWord() {
        assertThat(Dialect.H2.limit()).isEqualTo(" LIMIT ?");
        assertThat(Dialect.OTHER.limit()).isEqualTo(" FETCH FIRST ? ROWS ONLY");
        assertThat(Dialect.MARIADB.catalogIsSchema()).isTrue();
        assertThat(Dialect.POSTGRESQL.catalogIsSchema()).isFalse();
    }

    @Test
    void productFromTheDatabaseMetadata() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:dialect", "sa", "")) {
            assertThat(Dialect.of(c.getMetaData())).isEqualTo(Dialect.H2);
        }
    }
}
