package io.dbworkers.component.dbwrite;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names from the URI are checked against the database when the route starts, and a wrong one is named. */
class DbWriteConfigIT extends ItSupport {

    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void databases() {
        pg = freshPostgres(DbWriteConfigIT.class);
        execute(pg, "CREATE TABLE readings (id INT PRIMARY KEY, value DOUBLE PRECISION)",
                "CREATE TABLE keyless (value DOUBLE PRECISION)");
        maria = freshMariaDb(DbWriteConfigIT.class);
        execute(maria, "CREATE TABLE readings (id INT PRIMARY KEY, value DOUBLE)");
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void unknownTable() {
        refused(pg, "db-write:nope", "db-write table: unknown table 'nope' in schema 'public'");
    }

    @Test
    void unknownColumn() {
        refused(pg, "db-write:readings?columns=id,valu", "columns: unknown column 'valu' in db-write:readings");
        refused(pg, "db-write:readings?mode=upsert&keyColumns=ident",
                "keyColumns: unknown column 'ident' in db-write:readings");
    }

    @Test
    void contradictoryOrUnsupportedModes() {
        refused(maria, "db-write:readings?mode=copy", "mode: copy needs PostgreSQL; use mode=insert");
        refused(pg, "db-write:readings?mode=upsert&onConflict=ignore",
                "onConflict: mode=upsert updates on conflict; for onConflict=ignore use mode=insert");
        refused(pg, "db-write:readings?mode=bulk", "mode: 'bulk' is not one of insert, copy, upsert");
        refused(pg, "db-write:keyless?mode=upsert", "keyColumns: db-write:keyless has no primary key: name the"
                + " columns of the unique key to update on");
        refused(pg, "db-write:readings?mode=upsert&columns=value",
                "columns: must include the keyColumns id to upsert into db-write:readings");
    }

    private static void refused(HikariDataSource db, String uri, String message) {
        assertThatThrownBy(() -> WriteRoute.start(db, uri).close())
                .hasRootCauseInstanceOf(ConfigurationException.class)
                .hasRootCauseMessage(message);
    }
}
