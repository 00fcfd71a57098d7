package io.dbworkers.component.dbcdc;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.sql.Identifiers;

/**
 * The endpoint's options, validated in one place, and the Debezium connector properties they make. Values are fixed
 * where db-workers depends on them: decimals as BigDecimal, no tombstones, offsets flushed after every batch.
 *
 * @param connector postgres, mariadb or mysql
 * @param tables    the captured tables, each with its schema (PostgreSQL) or database (MariaDB/MySQL)
 * @param reader    pgoutput (PostgreSQL's log read directly) or debezium (the embedded engine)
 */
record CaptureConfig(String name, String connector, String host, int port, String database, String user,
                     String password, List<TableName> tables, String slotName, String publicationName,
                     String reader) {

    static final String POSTGRES = "postgres";
    static final String MARIADB = "mariadb";
    static final String MYSQL = "mysql";
    static final String PGOUTPUT = "pgoutput";
    static final String DEBEZIUM = "debezium";

    /** A captured table. */
    record TableName(String schema, String table) {
        String qualified() {
            return schema + "." + table;
        }
    }

    static CaptureConfig of(DbCdcEndpoint e) {
        String name = e.getName();
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new ConfigurationException("name", "'" + name + "' must be letters, digits, '_', '.' or '-'");
        }
        String connector = e.getConnector();
        String host = e.getHost();
        int port = e.getPort();
        String database = e.getDatabase();
        String user = e.getUser();
        String password = e.getPassword();
        if (e.getUrl() != null && !e.getUrl().isBlank()) {
            ConnectionUrl url = ConnectionUrl.parse("url", e.getUrl(), user, password);
            URI jdbc = URI.create(url.jdbcUrl().substring("jdbc:".length()));
            host = jdbc.getHost();
            port = jdbc.getPort() > 0 ? jdbc.getPort() : port;
            database = jdbc.getPath().substring(1);
            user = url.user();
            password = url.password();
            if (connector == null || connector.isBlank()) {
                connector = urlConnector(e.getUrl().trim().toLowerCase(Locale.ROOT));
            }
        }
        if (connector == null || connector.isBlank()) {
            throw new ConfigurationException("connector", "is not set and no url names the database kind");
        }
        connector = connector.trim().toLowerCase(Locale.ROOT);
        if (!List.of(POSTGRES, MARIADB, MYSQL).contains(connector)) {
            throw new ConfigurationException("connector", "'" + connector + "' is not one of postgres, mariadb, mysql");
        }
        boolean postgres = POSTGRES.equals(connector);
        require("host", host);
        require("database", database);
        require("user", user);
        if (port <= 0) {
            port = postgres ? 5432 : 3306;
        }
        String defaultSchema = postgres ? "public" : database;
        List<TableName> tables = new ArrayList<>();
        if (e.getTables() != null) {
            for (String t : e.getTables().split(",")) {
                if (!t.isBlank()) {
                    tables.add(table(t.trim(), defaultSchema));
                }
            }
        }
        String slot = null;
        String publication = null;
        if (postgres) {
            slot = e.getSlotName() != null ? e.getSlotName() : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            if (!slot.matches("[a-z0-9_]{1,63}")) {
                throw new ConfigurationException("slotName", "'" + slot + "' must be 1-63 lower-case letters, digits"
                        + " or '_'");
            }
            publication = e.getPublicationName() != null ? e.getPublicationName() : slot + "_publication";
            identifier("publicationName", publication);
        }
        if (e.getRetryDelay() < 1 || e.getMaxRetryDelay() < e.getRetryDelay()) {
            throw new ConfigurationException("retryDelay", "must be 1 or more and at most maxRetryDelay");
        }
        if (e.getHeartbeatInterval() < 0) {
            throw new ConfigurationException("heartbeatInterval", "must be 0 (off) or more");
        }
        if (e.getMaxBatchSize() < 1) {
            throw new ConfigurationException("maxBatchSize", "must be 1 or more");
        }
        return new CaptureConfig(name, connector, host, port, database, user, password, List.copyOf(tables), slot,
                publication, reader(e, postgres));
    }

    /**
     * pgoutput on PostgreSQL unless the route asks for Debezium (reader=debezium, or Debezium properties without a
     * reader); Debezium on MariaDB/MySQL.
     */
    private static String reader(DbCdcEndpoint e, boolean postgres) {
        String reader = e.getReader() == null ? "" : e.getReader().trim().toLowerCase(Locale.ROOT);
        boolean debeziumProperties = !e.getDebeziumProperties().isEmpty();
        if (reader.isEmpty()) {
            return postgres && !debeziumProperties ? PGOUTPUT : DEBEZIUM;
        }
        if (!reader.equals(PGOUTPUT) && !reader.equals(DEBEZIUM)) {
            throw new ConfigurationException("reader", "'" + reader + "' is not one of pgoutput, debezium");
        }
        if (reader.equals(PGOUTPUT) && !postgres) {
            throw new ConfigurationException("reader", "pgoutput reads PostgreSQL only; MariaDB/MySQL use debezium");
        }
        if (reader.equals(PGOUTPUT) && debeziumProperties) {
            throw new ConfigurationException("reader", "pgoutput takes no Debezium properties, but "
                    + e.getDebeziumProperties().keySet().stream().sorted().map(k -> "debezium." + k)
                    .collect(Collectors.joining(", ")) + " are set: remove them, or set reader=debezium");
        }
        return reader;
    }

    boolean isPgOutput() {
        return PGOUTPUT.equals(reader);
    }

    boolean isPostgres() {
        return POSTGRES.equals(connector);
    }

    /** The Debezium engine and connector properties. */
    Properties toDebezium(DbCdcEndpoint e, String offsetStoreKey) {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("topic.prefix", name);
        p.setProperty("offset.storage", StateRepositoryOffsetBackingStore.class.getName());
        // the engine hands the offset store only its own settings, so the key of the store travels in this one
        p.setProperty("offset.storage.file.filename", offsetStoreKey);
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("database.hostname", host);
        p.setProperty("database.port", String.valueOf(port));
        p.setProperty("database.user", user);
        if (password != null) {
            p.setProperty("database.password", password);
        }
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("snapshot.mode", e.isSnapshot() ? "initial" : "no_data");
        p.setProperty("heartbeat.interval.ms", String.valueOf(e.getHeartbeatInterval()));
        // Debezium's defaults (2048 and 8192) with the default maxBatchSize; its queue holds four batches
        p.setProperty("max.batch.size", String.valueOf(e.getMaxBatchSize()));
        p.setProperty("max.queue.size", String.valueOf(Math.max(8192, 4 * e.getMaxBatchSize())));
        if (!tables.isEmpty()) {
            p.setProperty("table.include.list", tables.stream()
                    .map(t -> Pattern.quote(t.schema()) + "\\." + Pattern.quote(t.table()))
                    .collect(Collectors.joining(",")));
        }
        if (isPostgres()) {
            p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
            p.setProperty("database.dbname", database);
            p.setProperty("plugin.name", "pgoutput");
            p.setProperty("slot.name", slotName);
            p.setProperty("publication.name", publicationName);
            p.setProperty("publication.autocreate.mode", tables.isEmpty() ? "all_tables" : "filtered");
            if (e.getHeartbeatActionQuery() != null && !e.getHeartbeatActionQuery().isBlank()) {
                p.setProperty("heartbeat.action.query", e.getHeartbeatActionQuery());
            }
        } else {
            p.setProperty("connector.class", MARIADB.equals(connector)
                    ? "io.debezium.connector.mariadb.MariaDbConnector" : "io.debezium.connector.mysql.MySqlConnector");
            p.setProperty("database.server.id", String.valueOf(e.getServerId() > 0 ? e.getServerId()
                    : 10_000 + Math.floorMod(name.hashCode(), 1_000_000)));
            p.setProperty("database.include.list", Pattern.quote(database));
            p.setProperty("include.schema.changes", "false");
            p.setProperty("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
            p.setProperty("schema.history.internal.file.filename", e.getSchemaHistoryFile() != null
                    ? e.getSchemaHistoryFile() : "data/offsets/db-cdc-" + name + "-history.dat");
        }
        for (Map.Entry<String, Object> extra : e.getDebeziumProperties().entrySet()) {
            p.setProperty(extra.getKey(), String.valueOf(extra.getValue()));
        }
        return p;
    }

    /** The JDBC URL of the captured database, for the set-up statements run before capture. */
    String jdbcUrl() {
        return (isPostgres() ? "jdbc:postgresql://" : "jdbc:mariadb://") + host + ":" + port + "/" + database;
    }

    private static String urlConnector(String url) {
        if (url.startsWith("postgres") || url.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (url.startsWith("mariadb") || url.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        if (url.startsWith("mysql") || url.startsWith("jdbc:mysql:")) {
            return MYSQL;
        }
        return null;
    }

    private static TableName table(String entry, String defaultSchema) {
        int dot = entry.indexOf('.');
        String schema = dot < 0 ? defaultSchema : entry.substring(0, dot);
        String table = dot < 0 ? entry : entry.substring(dot + 1);
        identifier("tables", schema);
        identifier("tables", table);
        return new TableName(schema, table);
    }

    private static void identifier(String setting, String value) {
        Identifiers.requirePlain(setting, value);
    }

    private static void require(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(setting, "is not set (give it or a url)");
        }
    }

    @Override
    public String toString() {
        return connector + " " + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
    }
}
