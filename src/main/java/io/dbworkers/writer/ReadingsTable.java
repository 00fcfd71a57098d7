package io.dbworkers.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.schema.Migrations;

/**
 * The readings table at start-up: migrated when {@code MIGRATE_ON_START=true}, otherwise only checked. The writer never
 * creates a table unless told to.
 */
final class ReadingsTable {

    static final String MIGRATE_HINT = "create it with 'java -jar db-workers.jar migrate' or set MIGRATE_ON_START=true";

    private ReadingsTable() {
    }

    static void prepare(DataSource dataSource, WriterSettings settings) {
        if (settings.migrateOnStart()) {
            Migrations.migrate(dataSource, settings.tableName(), settings.enableTimescale());
            return;
        }
        Set<String> columns = columns(dataSource, settings.tableName());
        if (columns.isEmpty()) {
            throw new ConfigurationException("TABLE_NAME", "table " + settings.tableName() + " does not exist; "
                    + MIGRATE_HINT);
        }
        if (!columns.contains("stream") || !columns.contains("entry_id")) {
            throw new ConfigurationException("TABLE_NAME", "table " + settings.tableName() + " has no stream and"
                    + " entry_id columns (needed so that a redelivered entry is not stored twice); upgrade it with"
                    + " 'java -jar db-workers.jar migrate' or set MIGRATE_ON_START=true");
        }
    }

    private static Set<String> columns(DataSource dataSource, String table) {
        Set<String> columns = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                     + " WHERE table_schema = current_schema() AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new ConfigurationException("DATABASE_URL", "could not look up table " + table + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        return columns;
    }
}
