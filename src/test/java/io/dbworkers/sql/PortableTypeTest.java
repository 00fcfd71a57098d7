package io.dbworkers.sql;

import java.sql.Types;

import org.junit.jupiter.api.Test;

import io.dbworkers.sql.PortableType.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortableTypeTest {

    private static PortableType pg(String name, int sqlType, int size, int scale) {
        return PortableType.classify(Dialect.POSTGRESQL, name, sqlType, size, scale);
    }

    private static PortableType maria(String name, int sqlType, int size, int scale) {
        return PortableType.classify(Dialect.MARIADB, name, sqlType, size, scale);
    }

    @Test
    void postgresToMariaDb() {
        assertThat(pg("int4", Types.INTEGER, 10, 0).ddl(Dialect.MARIADB)).isEqualTo("int");
        assertThat(pg("int8", Types.BIGINT, 19, 0).ddl(Dialect.MARIADB)).isEqualTo("bigint");
        assertThat(pg("numeric", Types.NUMERIC, 12, 2).ddl(Dialect.MARIADB)).isEqualTo("decimal(12,2)");
        assertThat(pg("numeric", Types.NUMERIC, 131089, 0).ddl(Dialect.MARIADB)).isEqualTo("decimal(65,30)");
        assertThat(pg("bool", Types.BIT, 1, 0).ddl(Dialect.MARIADB)).isEqualTo("tinyint(1)");
        assertThat(pg("varchar", Types.VARCHAR, 80, 0).ddl(Dialect.MARIADB)).isEqualTo("varchar(80)");
        assertThat(pg("text", Types.VARCHAR, Integer.MAX_VALUE, 0).ddl(Dialect.MARIADB)).isEqualTo("longtext");
        assertThat(pg("text", Types.VARCHAR, Integer.MAX_VALUE, 0).ddl(Dialect.MARIADB, true))
                .isEqualTo("varchar(255)");
        assertThat(pg("timestamp", Types.TIMESTAMP, 29, 6).ddl(Dialect.MARIADB)).isEqualTo("datetime(6)");
        assertThat(pg("timestamptz", Types.TIMESTAMP, 35, 6).kind()).isEqualTo(Kind.TIMESTAMPTZ);
        assertThat(pg("timestamptz", Types.TIMESTAMP, 35, 6).ddl(Dialect.MARIADB)).isEqualTo("datetime(6)");
        assertThat(pg("jsonb", Types.OTHER, 0, 0).ddl(Dialect.MARIADB)).isEqualTo("json");
        assertThat(pg("bytea", Types.BINARY, 0, 0).ddl(Dialect.MARIADB)).isEqualTo("longblob");
        assertThat(pg("uuid", Types.OTHER, 0, 0).ddl(Dialect.MARIADB)).isEqualTo("char(36)");
        assertThat(pg("date", Types.DATE, 13, 0).ddl(Dialect.MARIADB)).isEqualTo("date");
    }

    @Test
    void mariaDbToPostgres() {
        assertThat(maria("TINYINT", Types.BIT, 1, 0).kind()).isEqualTo(Kind.BOOLEAN);
        assertThat(maria("TINYINT", Types.TINYINT, 3, 0).ddl(Dialect.POSTGRESQL)).isEqualTo("smallint");
        assertThat(maria("INT UNSIGNED", Types.INTEGER, 10, 0).ddl(Dialect.POSTGRESQL)).isEqualTo("bigint");
        assertThat(maria("BIGINT UNSIGNED", Types.BIGINT, 20, 0).ddl(Dialect.POSTGRESQL))
                .isEqualTo("numeric(20,0)");
        assertThat(maria("DECIMAL", Types.DECIMAL, 10, 3).ddl(Dialect.POSTGRESQL)).isEqualTo("numeric(10,3)");
        assertThat(maria("DATETIME", Types.TIMESTAMP, 26, 6).ddl(Dialect.POSTGRESQL)).isEqualTo("timestamp(6)");
        assertThat(maria("TIMESTAMP", Types.TIMESTAMP, 26, 6).ddl(Dialect.POSTGRESQL)).isEqualTo("timestamptz(6)");
        assertThat(maria("LONGTEXT", Types.LONGVARCHAR, Integer.MAX_VALUE, 0).ddl(Dialect.POSTGRESQL))
                .isEqualTo("text");
        assertThat(maria("LONGBLOB", Types.LONGVARBINARY, Integer.MAX_VALUE, 0).ddl(Dialect.POSTGRESQL))
                .isEqualTo("bytea");
        assertThat(maria("CHAR", Types.CHAR, 36, 0).ddl(Dialect.POSTGRESQL)).isEqualTo("char(36)");
        assertThat(maria("FLOAT", Types.REAL, 12, 0).ddl(Dialect.POSTGRESQL)).isEqualTo("real");
    }

    @Test
    void unknownTypeHasNoDeclaration() {
        PortableType point = pg("point", Types.OTHER, 0, 0);
        assertThat(point.kind()).isEqualTo(Kind.OTHER);
        assertThatThrownBy(() -> point.ddl(Dialect.MARIADB)).hasMessageContaining("'point'");
    }
}
