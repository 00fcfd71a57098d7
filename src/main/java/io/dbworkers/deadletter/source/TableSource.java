package io.dbworkers.deadletter.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.deadletter.DeadLetterRecord;
import io.dbworkers.deadletter.DeadLetterTable;
import io.dbworkers.sql.Identifiers;

/** The {@code dead_letters} table, read and deleted by its {@code id}. */
final class TableSource implements DeadLetterSource {

    private static final String[] FIELDS = {DeadLetterRecord.PAYLOAD, DeadLetterRecord.ROUTE, DeadLetterRecord.TABLE,
        DeadLetterRecord.KEY, DeadLetterRecord.ERROR, DeadLetterRecord.ERROR_CLASS, DeadLetterRecord.ATTEMPTS,
        DeadLetterRecord.FAILED_AT};
    private static final String[] COLUMNS = {"payload", "route", "table_name", "key", "error", "error_class",
        "attempts", "failed_at"};

    private final DataSource dataSource;
    private final String description;
    private final AutoCloseable owned;

    TableSource(DataSource dataSource, String description) {
        this(dataSource, description, null);
    }

    private TableSource(DataSource dataSource, String description, AutoCloseable owned) {
        this.dataSource = dataSource;
        this.description = description;
        this.owned = owned;
    }

    static TableSource open(String url) {
        ConnectionUrl connection = ConnectionUrl.parse("SOURCE", url, null, null);
        HikariDataSource pool = DataSources.pool("dlq", connection, 2);
        DataSources.verify("SOURCE", connection, pool);
        return new TableSource(pool, "the dead_letters table of " + connection, pool);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public List<Entry> list(int limit) throws SQLException {
        return query(false, List.of(), limit);
    }

    @Override
    public Optional<Entry> get(String id) throws SQLException {
        return query(true, List.of(id(id)), 1).stream().findFirst();
    }

    @Override
    public void drain(List<String> ids, EntryHandler handler) throws Exception {
        List<Entry> entries = new ArrayList<>();
        if (ids.isEmpty()) {
            entries.addAll(list(Integer.MAX_VALUE));
        } else {
            for (String id : ids) {
                entries.add(get(id).orElseThrow(() -> new ConfigurationException("ID", "no dead letter " + id
                        + " in " + description)));
            }
        }
        for (Entry entry : entries) {
            handler.handle(entry);
            delete(List.of(entry.id()));
        }
    }

    @Override
    public int purge(List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                return s.executeUpdate("DELETE FROM " + table(c));
            }
        }
        return delete(ids);
    }

    private int delete(List<String> ids) throws SQLException {
        int deleted = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(c) + " WHERE "
                     + Identifiers.of(c).quotePlain("id") + " = ?")) {
            for (String id : ids) {
                ps.setLong(1, id(id));
                deleted += ps.executeUpdate();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        return deleted;
    }

    private List<Entry> query(boolean byId, List<Long> params, int limit) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Identifiers names = Identifiers.of(c);
            String id = names.quotePlain("id");
            String columns = Arrays.stream(COLUMNS).map(names::quotePlain).collect(Collectors.joining(", "));
            String sql = "SELECT " + id + ", " + columns + " FROM " + table(c) + (byId ? " WHERE " + id + " = ?" : "")
                    + " ORDER BY " + id;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setLong(i + 1, params.get(i));
                }
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, String> fields = new LinkedHashMap<>();
                        for (int i = 0; i < FIELDS.length; i++) {
                            Object value = rs.getObject(i + 2);
                            fields.put(FIELDS[i], value == null ? "" : value.toString());
                        }
                        entries.add(new Entry(Long.toString(rs.getLong(1)), fields));
                    }
                }
            } catch (SQLException e) {
                throw new ConfigurationException("SOURCE", "cannot read the dead_letters table of " + description
                        + ": " + e.getMessage().lines().findFirst().orElse(""), e);
            }
        }
        return entries;
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("ID", "'" + id + "' is not a dead_letters id (a whole number)");
        }
    }

    /** Quoted as {@link DeadLetterTable} created it: upper case where the database folds plain names up (H2). */
    private static String table(Connection c) throws SQLException {
        return Identifiers.of(c).quotePlain(DeadLetterTable.TABLE);
    }

    @Override
    public void close() throws Exception {
        if (owned != null) {
            owned.close();
        }
    }
}
