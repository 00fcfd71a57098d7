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

/**
 * Sets REPLICA IDENTITY FULL on PostgreSQL tables, so that the log carries every old value of an updated or deleted
 * row and not only its key.
 */
final class ReplicaIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaIdentity.class);

    private ReplicaIdentity() {
    }

    static void makeFull(CaptureConfig config) throws SQLException {
        if (config.tables().isEmpty()) {
            throw new ConfigurationException("replicaIdentityFull", "needs the tables listed in 'tables'");
        }
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            for (CaptureConfig.TableName table : config.tables()) {
                String identity = identity(c, table);
                if (identity == null) {
                    throw new ConfigurationException("tables", "no table " + table.qualified() + " in " + config);
                }
                if (!"f".equals(identity)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER TABLE " + quote(table.schema()) + "." + quote(table.table())
                                + " REPLICA IDENTITY FULL");
                    }
                    LOG.info("db-cdc: {} now has REPLICA IDENTITY FULL", table.qualified());
                }
            }
        }
    }

    /** pg_class.relreplident of the table (d default, f full, i index, n nothing), or null when it does not exist. */
    private static String identity(Connection c, CaptureConfig.TableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
