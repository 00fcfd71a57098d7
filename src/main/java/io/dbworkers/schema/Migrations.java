package io.dbworkers.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Identifiers;

/**
 * Creates and upgrades the {@code sensor_readings} table with Flyway, from the migrations in
 * {@code db/migration/sensor_readings}. Nothing calls this by itself: the service never creates tables unless told
 * to, by an explicit command or an opt-in setting.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    /**
     * A plain lower-case identifier, short enough that the constraint names made from it stay within PostgreSQL's
     * 63 characters (longer ones would be cut, and no longer found by name)
     */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
    private static final String LOCATION = "classpath:db/migration/sensor_readings";

    private Migrations() {
    }

    /**
     * Brings the table up to the latest migration; a table already there is left as it is. Each table name keeps its
     * own history, in {@code <tableName>_schema_history}.
     *
     * @param tableName       the table, a plain lower-case identifier (the setting TABLE_NAME)
     * @param enableTimescale make the table a TimescaleDB hypertable on its timestamp (the setting ENABLE_TIMESCALE);
     *                        the timescaledb extension must be installed
     * @return how many migrations ran: 0 when the table was up to date
     */
    public static int migrate(DataSource dataSource, String tableName, boolean enableTimescale) {
        if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
            throw new ConfigurationException("TABLE_NAME", "'" + tableName + "' is not a plain lower-case identifier"
                    + " of at most 40 characters (a-z, 0-9, _)");
        }
        if (enableTimescale) {
            // before any migration: a wrong setting must not leave a table behind that is not what was asked for
            withConnection(dataSource, tableName, Hypertable::ensureExtension);
        }
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(tableName + "_schema_history")
                .placeholders(Map.of("table_name", tableName))
                // the database holds other tables (offsets, the app's own): start this history empty, before V1
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        LOG.info("Table {}: {} migrations applied, now at version {}", tableName, result.migrationsExecuted,
                result.targetSchemaVersion);
        if (enableTimescale) {
            withConnection(dataSource, tableName, connection -> Hypertable.convert(connection, tableName));
        }
        return result.migrationsExecuted;
    }

    private interface Step {
        void run(Connection connection) throws SQLException;
    }

    private static void withConnection(DataSource dataSource, String tableName, Step step) {
        try (Connection connection = dataSource.getConnection()) {
            step.run(connection);
        } catch (SQLException e) {
            throw new ConfigurationException("ENABLE_TIMESCALE", "could not make " + tableName + " a hypertable: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    /** TimescaleDB's part: the extension, then the table as a hypertable partitioned on its timestamp. */
    private static final class Hypertable {

        static void ensureExtension(Connection connection) throws SQLException {
            if (!extensionCreated(connection)) {
                if (!extensionAvailable(connection)) {
                    throw new ConfigurationException("ENABLE_TIMESCALE", "the timescaledb extension is not installed"
                            + " in " + connection.getCatalog());
                }
                try (Statement s = connection.createStatement()) {
                    s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
                }
            }
        }

        static void convert(Connection connection, String table) throws SQLException {
            if (isHypertable(connection, table)) {
                return;
            }
            // a hypertable's unique constraints must hold its time column: the key becomes (id, timestamp) and the
            // redelivery guard (stream, entry_id, timestamp), which a redelivered entry matches all the same
            Identifiers names = Identifiers.of(connection);
            String q = names.quote(table);
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("ALTER TABLE " + q + " DROP CONSTRAINT IF EXISTS "
                        + names.quote(table + "_stream_entry_id_key"));
                s.execute("ALTER TABLE " + q + " ADD CONSTRAINT " + names.quote(table + "_stream_entry_ts_key")
                        + " UNIQUE (stream, entry_id, \"timestamp\")");
                s.execute("ALTER TABLE " + q + " DROP CONSTRAINT IF EXISTS " + names.quote(table + "_pkey"));
                s.execute("ALTER TABLE " + q + " ADD CONSTRAINT " + names.quote(table + "_pkey")
                        + " PRIMARY KEY (id, \"timestamp\")");
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT create_hypertable(?::regclass, 'timestamp', migrate_data => true)")) {
                    ps.setString(1, q);
                    ps.execute();
                }
                connection.commit();
                LOG.info("Table {} is now a TimescaleDB hypertable on timestamp", table);
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }

        private static boolean extensionCreated(Connection connection) throws SQLException {
            return exists(connection, "SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'", null);
        }

        private static boolean extensionAvailable(Connection connection) throws SQLException {
            return exists(connection, "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'", null);
        }

        private static boolean isHypertable(Connection connection, String table) throws SQLException {
            return exists(connection, "SELECT 1 FROM timescaledb_information.hypertables"
                    + " WHERE hypertable_schema = current_schema() AND hypertable_name = ?", table);
        }

        private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                if (parameter != null) {
                    ps.setString(1, parameter);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }
    }
}
