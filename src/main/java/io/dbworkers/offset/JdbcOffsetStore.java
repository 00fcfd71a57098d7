package io.dbworkers.offset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

import io.dbworkers.config.ConfigurationException;

/**
 * Offsets in a table of a state database (never the captured one: change capture needs only SELECT there). The table
 * {@code (offset_key VARCHAR(255) PRIMARY KEY, offset_value TEXT, updated_at TIMESTAMP)} is created on start when
 * absent. Each save is its own committed transaction.
 */
public class JdbcOffsetStore extends ServiceSupport implements StateRepository<String, String> {

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private final DataSource dataSource;
    private final String table;

    public JdbcOffsetStore(DataSource dataSource, String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new ConfigurationException("offsetTable", "'" + table + "' is not a plain table name");
        }
        this.dataSource = dataSource;
        this.table = table;
    }

    @Override
    protected void doStart() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (offset_key VARCHAR(255) PRIMARY KEY,"
                    + " offset_value TEXT NOT NULL, updated_at TIMESTAMP NOT NULL)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @Override
    public String getState(String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT offset_value FROM " + table + " WHERE offset_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("cannot read offset " + key + " from " + table, e);
        }
    }

    @Override
    public void setState(String key, String value) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
                        + " SET offset_value = ?, updated_at = CURRENT_TIMESTAMP WHERE offset_key = ?")) {
                    ps.setString(1, value);
                    ps.setString(2, key);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                            + " (offset_key, offset_value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                        ps.setString(1, key);
                        ps.setString(2, value);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("cannot save offset " + key + " to " + table, e);
        }
    }

    @Override
    protected void doStop() {
        // nothing held between calls
    }
}
