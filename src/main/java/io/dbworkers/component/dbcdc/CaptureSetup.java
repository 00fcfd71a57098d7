package io.dbworkers.component.dbcdc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Identifiers;

/**
 * What has to exist on the database before a capture may count as started. Debezium creates the PostgreSQL
 * publication and slot only once its task runs, a moment after the route started and health said ready; a change
 * committed in between was never captured. So they are created here, synchronously, with the names and options
 * Debezium would use ({@code publication.autocreate.mode} all_tables or filtered, a permanent pgoutput slot), and
 * Debezium then finds and uses them: with no offset yet it streams from the slot's confirmed position, which is the
 * moment the slot was created. With {@code snapshot=true} the slot is left to Debezium, whose exported snapshot then
 * holds every row committed before streaming starts.
 */
final class CaptureSetup {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureSetup.class);
    private static final String PLUGIN = "pgoutput";
    private static final String DUPLICATE_OBJECT = "42710";

    private CaptureSetup() {
    }

    /** Checks the tables and creates what is missing; fails with a {@link SQLException} when the database is away. */
    static void prepare(CaptureConfig config, DbCdcEndpoint endpoint) throws SQLException {
        if (!config.isPostgres() && config.tables().isEmpty() && !endpoint.isReplicaIdentityFull()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            CapturedTables.prepare(c, config, endpoint.isReplicaIdentityFull());
            if (config.isPostgres()) {
                // pgoutput reads the publication as of each change's position: it has to exist before the slot
                publication(c, config);
                if (!endpoint.isSnapshot()) {
                    slot(c, config);
                }
            }
        }
    }

    /** Whether the failure says the database does not answer (as opposed to refusing what was asked). */
    static boolean isUnreachable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException || e instanceof SQLNonTransientConnectionException
                || state == null || state.startsWith("08") || state.equals("57P01") || state.equals("57P03");
    }

    private static void publication(Connection c, CaptureConfig config) throws SQLException {
        Boolean allTables = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, config.publicationName());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    allTables = rs.getBoolean(1);
                }
            }
        }
        Identifiers identifiers = Identifiers.of(c);
        String name = identifiers.quote(config.publicationName());
        Set<String> wanted = config.tables().stream()
                .map(t -> identifiers.quote(t.schema(), t.table()))
                .collect(Collectors.toCollection(TreeSet::new));
        String tables = String.join(", ", wanted);
        if (allTables == null) {
            execute(c, "CREATE PUBLICATION " + name + (wanted.isEmpty() ? " FOR ALL TABLES" : " FOR TABLE " + tables));
            LOG.info("db-cdc:{} created the publication {} for {}", config.name(), config.publicationName(),
                    wanted.isEmpty() ? "all tables" : tables);
        } else if (!wanted.isEmpty() && allTables) {
            throw new ConfigurationException("publicationName", "'" + config.publicationName() + "' publishes all"
                    + " tables, while 'tables' lists some: drop it, or name another publication");
        } else if (!wanted.isEmpty() && !wanted.equals(published(c, config.publicationName()))) {
            execute(c, "ALTER PUBLICATION " + name + " SET TABLE " + tables);
            LOG.info("db-cdc:{} set the tables of the publication {} to {}", config.name(),
                    config.publicationName(), tables);
        }
    }

    private static Set<String> published(Connection c, String publication) throws SQLException {
        Identifiers identifiers = Identifiers.of(c);
        Set<String> tables = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schemaname, tablename FROM pg_publication_tables"
                + " WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(identifiers.quote(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return tables;
    }

    private static void slot(Connection c, CaptureConfig config) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT plugin, database FROM pg_replication_slots"
                + " WHERE slot_name = ?")) {
            ps.setString(1, config.slotName());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    if (!PLUGIN.equals(rs.getString(1)) || !config.database().equals(rs.getString(2))) {
                        throw new ConfigurationException("slotName", "'" + config.slotName() + "' is the slot of "
                                + (rs.getString(2) == null ? "a physical replica" : "database " + rs.getString(2)
                                + " (plugin " + rs.getString(1) + ")") + "; each capture needs its own slot");
                    }
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT lsn FROM pg_create_logical_replication_slot(?, ?)")) {
            ps.setString(1, config.slotName());
            ps.setString(2, PLUGIN);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                LOG.info("db-cdc:{} created the replication slot {} at {}", config.name(), config.slotName(),
                        rs.getString(1));
            }
        } catch (SQLException e) {
            if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                throw e;
            }
            // another start of the same capture created it a moment ago: it is the slot wanted
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
