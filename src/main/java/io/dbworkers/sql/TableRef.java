package io.dbworkers.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.dbworkers.config.ConfigurationException;

/**
 * A configured table found in the database's metadata. The configured name may be {@code schema.table}; both parts
 * match ignoring case, and a name spelt exactly as configured wins over one that differs only in case. A name that
 * reaches SQL is the one the database reported, quoted, never the configured text.
 */
public final class TableRef {

    private static final String[] TABLES = {"TABLE", "BASE TABLE", "PARTITIONED TABLE"};
    private static final String[] TABLES_AND_VIEWS = {"TABLE", "VIEW", "BASE TABLE", "PARTITIONED TABLE"};

    /** A column as the database reports it. */
    public record Column(String name, String quoted, int sqlType, String typeName) {
    }

    private final Identifiers identifiers;
    private final String schema;
    private final String name;

    private TableRef(Identifiers identifiers, String schema, String name) {
        this.identifiers = identifiers;
        this.schema = schema;
        this.name = name;
    }

    /** A base table; an unknown one is a {@link ConfigurationException} naming {@code setting}. */
    public static TableRef table(Connection connection, String setting, String configuredName,
            String configuredSchema) throws SQLException {
        return resolve(connection, setting, configuredName, configuredSchema, TABLES);
    }

    /** As {@link #table}, views included. */
    public static TableRef tableOrView(Connection connection, String setting, String configuredName,
            String configuredSchema) throws SQLException {
        return resolve(connection, setting, configuredName, configuredSchema, TABLES_AND_VIEWS);
    }

    private static TableRef resolve(Connection connection, String setting, String configuredName,
            String configuredSchema, String[] types) throws SQLException {
        Identifiers identifiers = Identifiers.of(connection);
        boolean catalogIsSchema = identifiers.dialect().catalogIsSchema();
        String wantedSchema = configuredSchema;
        String wantedTable = configuredName;
        int dot = configuredName.indexOf('.');
        if (dot > 0) {
            wantedSchema = configuredName.substring(0, dot);
            wantedTable = configuredName.substring(dot + 1);
        }
        String schemaName = wantedSchema != null ? wantedSchema
                : catalogIsSchema ? connection.getCatalog() : connection.getSchema();

        DatabaseMetaData md = connection.getMetaData();
        String[] found = null;
        // every table, filtered here: a configured name is never used as a metadata pattern ('_' and '%' match any)
        try (ResultSet rs = catalogIsSchema ? md.getTables(schemaName, null, null, types)
                : md.getTables(null, null, null, types)) {
            while (rs.next()) {
                String s = catalogIsSchema ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                String t = rs.getString("TABLE_NAME");
                if (t.equalsIgnoreCase(wantedTable) && (schemaName == null || schemaName.equalsIgnoreCase(s))
                        && (found == null || t.equals(wantedTable))) {
                    found = new String[] {s, t};
                }
            }
        }
        if (found == null) {
            throw new ConfigurationException(setting, "unknown table '" + configuredName + "'"
                    + (schemaName == null ? "" : " in schema '" + schemaName + "'"));
        }
        return new TableRef(identifiers, found[0], found[1]);
    }

    public Identifiers identifiers() {
        return identifiers;
    }

    /** The schema (the database, on MariaDB/MySQL) as the database spells it; null when it has none. */
    public String schema() {
        return schema;
    }

    /** The table's name as the database spells it. */
    public String name() {
        return name;
    }

    /** Schema and name, quoted, for SQL. */
    public String quoted() {
        return identifiers.quote(schema, name);
    }

    /** Every column, in table order. */
    public List<Column> columns(Connection connection) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        List<Column> columns = new ArrayList<>();
        try (ResultSet rs = identifiers.dialect().catalogIsSchema()
                ? md.getColumns(schema, null, literal(md, name), null)
                : md.getColumns(null, literal(md, schema), literal(md, name), null)) {
            while (rs.next()) {
                String column = rs.getString("COLUMN_NAME");
                columns.add(new Column(column, identifiers.quote(column), rs.getInt("DATA_TYPE"),
                        rs.getString("TYPE_NAME")));
            }
        }
        return columns;
    }

    /** The primary key's column names in key order; empty when the table has none. */
    public List<String> primaryKey(Connection connection) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        Map<Short, String> key = new TreeMap<>();
        try (ResultSet rs = identifiers.dialect().catalogIsSchema() ? md.getPrimaryKeys(schema, null, name)
                : md.getPrimaryKeys(null, schema, name)) {
            while (rs.next()) {
                key.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return new ArrayList<>(key.values());
    }

    /** getColumns takes patterns: unescaped, the '_' of order_items would also match the columns of orderXitems. */
    static String literal(DatabaseMetaData md, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        String escape = md.getSearchStringEscape();
        return escape == null || escape.isEmpty() ? name
                : name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    @Override
    public String toString() {
        return quoted();
    }
}
