package io.dbworkers.sql;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.it.ItSupport;
import io.dbworkers.sql.PortableType.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The portable kinds read from the real servers' JDBC metadata, as the sync sees them. */
class PortableTypeIT {

    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void databases() {
        pg = ItSupport.freshPostgres(PortableTypeIT.class);
        maria = ItSupport.freshMariaDb(PortableTypeIT.class);
        ItSupport.execute(pg, "CREATE TABLE t (a smallint PRIMARY KEY, b integer, c bigint, d numeric(12,2), e numeric,"
                + " f real, g double precision, h boolean, i varchar(40), j char(3), k text, l timestamp,"
                + " m timestamptz, n date, o json, p jsonb, q bytea, r uuid, s point)");
        ItSupport.execute(maria, "CREATE TABLE t (a smallint PRIMARY KEY, b int, c bigint, d decimal(12,2),"
                + " e bigint unsigned, f float, g double, h tinyint(1), i varchar(40), j char(3), k longtext,"
                + " l datetime(6), m timestamp(6) NULL, n date, o json, p tinyint, q longblob, r char(36),"
                + " s int unsigned, u boolean)");
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    private static Map<String, String> kinds(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection()) {
            Map<String, String> kinds = new LinkedHashMap<>();
            for (PortableType.Column column : PortableType.columns(c, TableRef.table(c, "table", "t", null))) {
                PortableType t = column.type();
                kinds.put(column.name(), t.kind() + (t.kind() == Kind.OTHER ? "" : " " + t.ddl(Dialect.MARIADB)
                        + " | " + t.ddl(Dialect.POSTGRESQL)));
            }
            return kinds;
        }
    }

    @Test
    void postgresColumns() throws Exception {
        assertThat(kinds(pg)).containsExactly(
                entry("a", "SMALLINT smallint | smallint"), entry("b", "INTEGER int | integer"),
                entry("c", "BIGINT bigint | bigint"), entry("d", "DECIMAL decimal(12,2) | numeric(12,2)"),
                entry("e", "DECIMAL decimal(65,30) | numeric"), entry("f", "REAL float | real"),
                entry("g", "DOUBLE double | double precision"), entry("h", "BOOLEAN tinyint(1) | boolean"),
                entry("i", "VARCHAR varchar(40) | varchar(40)"), entry("j", "CHAR char(3) | char(3)"),
                entry("k", "TEXT longtext | text"), entry("l", "TIMESTAMP datetime(6) | timestamp(6)"),
                entry("m", "TIMESTAMPTZ datetime(6) | timestamptz(6)"), entry("n", "DATE date | date"),
                entry("o", "JSON json | json"), entry("p", "JSONB json | jsonb"),
                entry("q", "BINARY longblob | bytea"), entry("r", "UUID char(36) | uuid"), entry("s", "OTHER"));
    }

    @Test
    void mariaDbColumns() throws Exception {
        assertThat(kinds(maria)).containsExactly(
                entry("a", "SMALLINT smallint | smallint"), entry("b", "INTEGER int | integer"),
                entry("c", "BIGINT bigint | bigint"), entry("d", "DECIMAL decimal(12,2) | numeric(12,2)"),
                entry("e", "DECIMAL decimal(20,0) | numeric(20,0)"), entry("f", "REAL float | real"),
                entry("g", "DOUBLE double | double precision"), entry("h", "BOOLEAN tinyint(1) | boolean"),
                entry("i", "VARCHAR varchar(40) | varchar(40)"), entry("j", "CHAR char(3) | char(3)"),
                entry("k", "TEXT longtext | text"), entry("l", "TIMESTAMP datetime(6) | timestamp(6)"),
                entry("m", "TIMESTAMPTZ datetime(6) | timestamptz(6)"), entry("n", "DATE date | date"),
                entry("o", "JSON json | json"), entry("p", "SMALLINT smallint | smallint"),
                entry("q", "BINARY longblob | bytea"), entry("r", "CHAR char(36) | char(36)"),
                entry("s", "BIGINT bigint | bigint"), entry("u", "BOOLEAN tinyint(1) | boolean"));
    }
}
