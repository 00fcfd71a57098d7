package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.dbworkers.config.ConfigurationException;

/**
 * The table written to, resolved against the database's metadata when the producer starts: the table and every
 * configured column must exist, and names reach SQL only quoted by the database's own rule.
 */
final class TargetTable {

    enum Dialect { POSTGRESQL, MARIADB, OTHER }

    record Column(String name, String quoted, String typeName) {
        /** PostgreSQL types whose values are bound as untyped text, so the server parses them as COPY would. */
        boolean isText() {
            String t = typeName.toLowerCase(Locale.ROOT);
            return t.equals("text") || t.equals("varchar") || t.equals("bpchar") || t.equals("char")
                    || t.equals("name") || t.equals("citext");
        }
    }

    final Dialect dialect;
    final String qualifiedName;
    /** every column of the table, in table order */
    final List<Column> columns;
    final List<Column> primaryKey;
    private final Map<String, Column> byName;
    private final String quote;

    private TargetTable(Dialect dialect, String qualifiedName, List<Column> columns, List<Column> primaryKey,
            Map<String, Column> byName, String quote) {
        this.dialect = dialect;
        this.qualifiedName = qualifiedName;
        this.columns = List.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        this.byName = Collections.unmodifiableMap(byName);
        this.quote = quote;
    }

    static TargetTable resolve(Connection connection, String configuredName, String configuredSchema)
            throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
        Dialect dialect = product.contains("postgres") ? Dialect.POSTGRESQL
                : product.contains("mariadb") || product.contains("mysql") ? Dialect.MARIADB : Dialect.OTHER;
        String quote = md.getIdentifierQuoteString().trim();
        boolean catalogIsSchema = dialect == Dialect.MARIADB;

        String wantedSchema = configuredSchema;
        String wantedTable = configuredName;
        int dot = configuredName.indexOf('.');
        if (dot > 0) {
            wantedSchema = configuredName.substring(0, dot);
            wantedTable = configuredName.substring(dot + 1);
        }
        String schemaName = wantedSchema != null ? wantedSchema
                : catalogIsSchema ? connection.getCatalog() : connection.getSchema();

        String[] found = null;
        String[] types = {"TABLE", "BASE TABLE", "PARTITIONED TABLE"};
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
            throw new ConfigurationException("db-write table", "unknown table '" + configuredName + "'"
                    + (schemaName == null ? "" : " in schema '" + schemaName + "'"));
        }
        Map<String, Column> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<Column> ordered = new ArrayList<>();
        try (ResultSet rs = catalogIsSchema ? md.getColumns(found[0], null, found[1], null)
                : md.getColumns(null, found[0], found[1], null)) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME");
                Column c = new Column(name, quote(name, quote), rs.getString("TYPE_NAME"));
                byName.put(name, c);
                ordered.add(c);
            }
        }
        Map<Short, Column> pk = new TreeMap<>();
        try (ResultSet rs = catalogIsSchema ? md.getPrimaryKeys(found[0], null, found[1])
                : md.getPrimaryKeys(null, found[0], found[1])) {
            while (rs.next()) {
                pk.put(rs.getShort("KEY_SEQ"), byName.get(rs.getString("COLUMN_NAME")));
            }
        }
        String qualified = (found[0] == null ? "" : quote(found[0], quote) + ".") + quote(found[1], quote);
        return new TargetTable(dialect, qualified, ordered, new ArrayList<>(pk.values()), byName, quote);
    }

    /** The column of that name, ignoring case; null when the table has none. */
    Column column(String name) {
        return byName.get(name.trim());
    }

    /** The columns named in a comma-separated option, each of which must exist. */
    List<Column> columns(String csv, String option, String where) {
        List<Column> list = new ArrayList<>();
        for (String name : csv.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            Column c = column(name);
            if (c == null) {
                throw new ConfigurationException(option, "unknown column '" + name.trim() + "' in " + where);
            }
            if (!list.contains(c)) {
                list.add(c);
            }
        }
        return list;
    }

    String quoted(String identifier) {
        return quote(identifier, quote);
    }

    private static String quote(String identifier, String quote) {
        return quote.isEmpty() ? identifier : quote + identifier.replace(quote, quote + quote) + quote;
    }
}
