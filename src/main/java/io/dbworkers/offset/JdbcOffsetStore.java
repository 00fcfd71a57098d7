package io.dbworkers.offset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

import io.dbworkers.sql.Identifiers;

/**
 * Offsets in a table of a state database (never the captured one: change capture needs only SELECT there). The table
 * {@code (offset_key VARCHAR(255) PRIMARY KEY, offset_value TEXT, updated_at TIMESTAMP)} is created on start when
 * absent. Each save is its own committed transaction. The configured name must be a plain identifier; it is quoted as
 * the database spells it unquoted, so that a table created by a version that pasted it in unquoted is still found.
 */
public class JdbcOffsetStore extends ServiceSupport implements StateRepository<String, String> {

    private final DataSource dataSource;
    private final String table;
    private volatile String quoted;

    public JdbcOffsetStore(DataSource dataSource, String table) {
        Identifiers.requirePlainQualified("offsetTable", table);
        this.dataSource = dataSource;
        this.table = table;
    }

    @Override
    protected void doStart() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + quoted(c) + " (offset_key VARCHAR(255) PRIMARY KEY,"
                    + " offset_value TEXT NOT NULL, updated_at TIMESTAMP NOT NULL)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @Override
    public String getState(String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT offset_value FROM " + quoted(c)
                     + " WHERE offset_key = ?")) {
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
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + quoted(c)
                        + " SET offset_value = ?, updated_at = CURRENT_TIMESTAMP WHERE offset_key = ?")) {
                    ps.setString(1, value);
                    ps.setString(2, key);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + quoted(c)
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

    private String quoted(Connection c) throws SQLException {
        if (quoted == null) {
            quoted = Identifiers.of(c).quotePlain(table);
        }
        return quoted;
    }

    @Override
    protected void doStop() {
        // nothing held between calls
    }
}
