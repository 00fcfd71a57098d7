package io.dbworkers.offset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>
 * Several instances may share the table (a singleton route that fails over, docs/clustering.md), so a save is a
 * compare-and-set: it succeeds only if the offset is still the value this store last read or saved for the key. An
 * instance that overlapped briefly with the next leader therefore never moves an offset backwards: its save fails
 * with {@link OffsetConflictException}, and the value it expects becomes the one found, so that it resumes from there.
 */
public class JdbcOffsetStore extends ServiceSupport implements StateRepository<String, String> {

    private final DataSource dataSource;
    private final String table;
    private volatile String quoted;
    /** per key, the value last read or saved here: what a save expects to replace */
    private final Map<String, Optional<String>> expected = new ConcurrentHashMap<>();

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
        try (Connection c = dataSource.getConnection()) {
            String value = read(c, key);
            expected.put(key, Optional.ofNullable(value));
            return value;
        } catch (SQLException e) {
            throw new RuntimeCamelException("cannot read offset " + key + " from " + table, e);
        }
    }

    private String read(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT offset_value FROM " + quoted(c)
                + " WHERE offset_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Saves the offset if it is still the value last read or saved for the key (read first when the key was never
     * read here), else throws {@link OffsetConflictException}. The row is locked while it is compared: the values are
     * compared here, not in SQL, since a TEXT column cannot be compared with {@code =} in every database (H2).
     */
    @Override
    public void setState(String key, String value) {
        try (Connection c = dataSource.getConnection()) {
            Optional<String> before = expected.get(key);
            if (before == null) {
                before = Optional.ofNullable(read(c, key));
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            Optional<String> found;
            try {
                found = lockedValue(c, key);
                if (found.equals(before)) {
                    if (found.isPresent()) {
                        update(c, key, value);
                    } else if (!insert(c, key, value)) {
                        found = Optional.ofNullable(read(c, key));
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            if (!found.equals(before)) {
                expected.put(key, found);
                throw new OffsetConflictException(key, table, before.orElse(null), found.orElse(null));
            }
            expected.put(key, Optional.of(value));
        } catch (SQLException e) {
            throw new RuntimeCamelException("cannot save offset " + key + " to " + table, e);
        }
    }

    private Optional<String> lockedValue(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT offset_value FROM " + quoted(c)
                + " WHERE offset_key = ? FOR UPDATE")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void update(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + quoted(c) + " SET offset_value = ?,"
                + " updated_at = CURRENT_TIMESTAMP WHERE offset_key = ?")) {
            ps.setString(1, value);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    /** False when another instance inserted the key first (a unique violation, SQLSTATE class 23). */
    private boolean insert(Connection c, String key, String value) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + quoted(c)
                + " (offset_key, offset_value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                c.rollback(savepoint);
                return false;
            }
            throw e;
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
