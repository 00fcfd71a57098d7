package io.dbworkers.component.dbcdc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Identifiers;

/**
 * Checks the listed tables against the database before capture starts (the log reader would silently capture
 * nothing for a misspelt table), and on PostgreSQL sets REPLICA IDENTITY FULL on them when asked, so that the log
 * carries every old value of an updated or deleted row and not only its key.
 */
final class CapturedTables {

    private static final Logger LOG = LoggerFactory.getLogger(CapturedTables.class);

    private CapturedTables() {
    }

    static void prepare(CaptureConfig config, boolean replicaIdentityFull) throws SQLException {
        if (replicaIdentityFull && !config.isPostgres()) {
            throw new ConfigurationException("replicaIdentityFull", "is for PostgreSQL only; MariaDB/MySQL need"
                    + " binlog_row_image=FULL");
        }
        if (replicaIdentityFull && config.tables().isEmpty()) {
            throw new ConfigurationException("replicaIdentityFull", "needs the tables listed in 'tables'");
        }
        if (config.tables().isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            for (CaptureConfig.TableName table : config.tables()) {
                String identity = config.isPostgres() ? postgresIdentity(c, table) : mysqlTable(c, table);
                if (identity == null) {
                    throw new ConfigurationException("tables", "no table " + table.qualified() + " in " + config);
                }
                if (replicaIdentityFull && !"f".equals(identity)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER TABLE " + Identifiers.of(c).quote(table.schema(), table.table())
                                + " REPLICA IDENTITY FULL");
                    }
                    LOG.info("db-cdc: {} now has REPLICA IDENTITY FULL", table.qualified());
                }
            }
        }
    }

    /** pg_class.relreplident of the table (d default, f full, i index, n nothing), or null when it does not exist. */
    private static String postgresIdentity(Connection c, CaptureConfig.TableName table) throws SQLException {
        return first(c, "SELECT c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')", table);
    }

    /** The table's name when it exists, else null. */
    private static String mysqlTable(Connection c, CaptureConfig.TableName table) throws SQLException {
        return first(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name = ?"
                + " AND table_type = 'BASE TABLE'", table);
    }

    private static String first(Connection c, String sql, CaptureConfig.TableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
