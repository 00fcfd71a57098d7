package io.dbworkers.component.dbcdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Identifiers;

/**
 * Checks the listed tables against the database before capture starts (the log reader would silently capture
 * nothing for a misspelt table), and on PostgreSQL sets REPLICA IDENTITY FULL on them when asked, so that the log
 * carries every old value of an updated or deleted row and not only its key. With no table listed that is every table
 * of the database's own schemas, each one once: a table created later keeps its default identity until the next start.
 */
final class CapturedTables {

    private static final Logger LOG = LoggerFactory.getLogger(CapturedTables.class);

    private CapturedTables() {
    }

    /**
     * Checks the listed tables on the open connection and, when asked, gives them REPLICA IDENTITY FULL; with no
     * tables listed on PostgreSQL, every table of the database's own schemas gets it, since the capture then covers
     * them all.
     */
    static void prepare(Connection c, CaptureConfig config, boolean replicaIdentityFull) throws SQLException {
        if (replicaIdentityFull && !config.isPostgres()) {
            throw new ConfigurationException("replicaIdentityFull", "is for PostgreSQL only; MariaDB/MySQL need"
                    + " binlog_row_image=FULL");
        }
        if (config.tables().isEmpty()) {
            if (replicaIdentityFull) {
                for (CaptureConfig.TableName table : allPostgresTablesWithoutFullIdentity(c)) {
                    replicaIdentityFull(c, table);
                }
            }
            return;
        }
        for (CaptureConfig.TableName table : config.tables()) {
            String identity = config.isPostgres() ? postgresIdentity(c, table) : mysqlTable(c, table);
            if (identity == null) {
                throw new ConfigurationException("tables", "no table " + table.qualified() + " in " + config);
            }
            if (replicaIdentityFull && !"f".equals(identity)) {
                replicaIdentityFull(c, table);
            }
        }
    }

    private static void replicaIdentityFull(Connection c, CaptureConfig.TableName table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + Identifiers.of(c).quote(table.schema(), table.table()) + " REPLICA IDENTITY FULL");
        }
        LOG.info("db-cdc: {} now has REPLICA IDENTITY FULL", table.qualified());
    }

    /** The tables a publication FOR ALL TABLES publishes (not those of pg_catalog or information_schema) not FULL yet. */
    private static List<CaptureConfig.TableName> allPostgresTablesWithoutFullIdentity(Connection c)
            throws SQLException {
        List<CaptureConfig.TableName> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                + " AND c.relreplident <> 'f' AND c.relpersistence = 'p'"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
                + " ORDER BY 1, 2");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.add(new CaptureConfig.TableName(rs.getString(1), rs.getString(2)));
            }
        }
        return tables;
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
