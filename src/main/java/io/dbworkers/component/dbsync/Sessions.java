package io.dbworkers.component.dbsync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.dbworkers.sql.Dialect;

/** Connections as the sync uses them: no auto-commit, and MariaDB/MySQL sessions in UTC. */
final class Sessions {

    private Sessions() {
    }

    static Connection open(DataSource dataSource) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            if (Dialect.of(c.getMetaData()) == Dialect.MARIADB) {
                // timestamp columns are read and written in UTC, as PostgreSQL's timestamptz is copied
                try (Statement s = c.createStatement()) {
                    s.execute("SET time_zone = '+00:00'");
                }
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** Starts the source's snapshot: every read until the commit sees the table as of now. */
    static void snapshot(Connection src, Dialect dialect) throws SQLException {
        src.commit();
        src.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        if (dialect == Dialect.MARIADB) {
            try (Statement s = src.createStatement()) {
                s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            }
        }
    }
}
