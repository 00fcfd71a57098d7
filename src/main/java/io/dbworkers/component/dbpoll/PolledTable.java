package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.dbworkers.config.ConfigurationException;

/**
 * A table to poll, resolved against the database's metadata: every name from the configuration must exist, and is
 * quoted by the database's own rule before it reaches SQL.
 */
final class PolledTable {

    final Dialect dialect;
    /** schema (or catalog, on MariaDB) and table as the database spells them */
    final String schema;
    final String table;
    /** the names reported in changes: lower case on databases that fold identifiers to upper case */
    final String reportedSchema;
    final String reportedTable;
    final String qualifiedName;
    final Column timestamp;
    final List<Column> keys;
    final Column created;
    final Column softDelete;
    /** columns put into the change's data, in table order */
    final List<Column> dataColumns;
    /** every column the query selects: data columns first, then those the poller itself needs */
    final List<Column> selected;
    /** positions in {@link #selected} */
    final int timestampIndex;
    final int[] keyIndexes;
    final int createdIndex;
    final int softDeleteIndex;

    record Column(String name, String reportedName, String quoted, int sqlType, String typeName) {
        /** PostgreSQL's driver reports timestamptz as TIMESTAMP; its values need an offset */
        boolean hasOffset() {
            return sqlType == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equalsIgnoreCase(typeName);
        }

        boolean isTemporal() {
            return sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE || sqlType == Types.DATE;
        }
    }

    private PolledTable(Dialect dialect, String schema, String table, boolean foldsUpper, Column timestamp,
            List<Column> keys, Column created, Column softDelete, List<Column> dataColumns, String quote) {
        this.dialect = dialect;
        this.schema = schema;
        this.table = table;
        this.reportedSchema = schema == null ? null : fold(schema, foldsUpper);
        this.reportedTable = fold(table, foldsUpper);
        this.qualifiedName = (schema == null ? "" : quote(schema, quote) + ".") + quote(table, quote);
        this.timestamp = timestamp;
        this.keys = List.copyOf(keys);
        this.created = created;
        this.softDelete = softDelete;
        this.dataColumns = List.copyOf(dataColumns);
        List<Column> all = new ArrayList<>(dataColumns);
        for (Column c : concat(timestamp, created, softDelete, keys)) {
            if (c != null && !all.contains(c)) {
                all.add(c);
            }
        }
        this.selected = List.copyOf(all);
        this.timestampIndex = selected.indexOf(timestamp);
        this.keyIndexes = keys.stream().mapToInt(selected::indexOf).toArray();
        this.createdIndex = created == null ? -1 : selected.indexOf(created);
        this.softDeleteIndex = softDelete == null ? -1 : selected.indexOf(softDelete);
    }

    static PolledTable resolve(Connection connection, String configuredName, DbPollEndpoint endpoint)
            throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        Dialect dialect = Dialect.of(md);
        boolean foldsUpper = md.storesUpperCaseIdentifiers();
        String quote = md.getIdentifierQuoteString().trim();

        String wantedSchema = endpoint.getSchema();
        String wantedTable = configuredName;
        int dot = configuredName.indexOf('.');
        if (dot > 0) {
            wantedSchema = configuredName.substring(0, dot);
            wantedTable = configuredName.substring(dot + 1);
        }
        boolean catalogIsSchema = dialect == Dialect.MARIADB;
        String defaultSchema = catalogIsSchema ? connection.getCatalog() : connection.getSchema();
        String schemaName = wantedSchema != null ? wantedSchema : defaultSchema;

        String[] found = null;
        try (ResultSet rs = catalogIsSchema
                ? md.getTables(schemaName, null, null, new String[] {"TABLE", "VIEW", "BASE TABLE"})
                : md.getTables(null, null, null, new String[] {"TABLE", "VIEW", "BASE TABLE", "PARTITIONED TABLE"})) {
            while (rs.next()) {
                String s = catalogIsSchema ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                String t = rs.getString("TABLE_NAME");
                if (t.equalsIgnoreCase(wantedTable) && (schemaName == null || schemaName.equalsIgnoreCase(s))) {
                    if (found == null || t.equals(wantedTable)) {
                        found = new String[] {s, t};
                    }
                }
            }
        }
        if (found == null) {
            throw new ConfigurationException("db-poll table", "unknown table '" + configuredName + "'"
                    + (schemaName == null ? "" : " in schema '" + schemaName + "'"));
        }
        String schema = found[0];
        String table = found[1];

        Map<String, Column> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<Column> ordered = new ArrayList<>();
        try (ResultSet rs = catalogIsSchema ? md.getColumns(schema, null, table, null)
                : md.getColumns(null, schema, table, null)) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME");
                Column c = new Column(name, fold(name, foldsUpper), quote(name, quote), rs.getInt("DATA_TYPE"),
                        rs.getString("TYPE_NAME"));
                columns.put(name, c);
                ordered.add(c);
            }
        }
        String where = "db-poll:" + configuredName;
        Column ts = column(columns, endpoint.getTimestampColumn(), "timestampColumn", where);
        if (ts == null) {
            throw new ConfigurationException("timestampColumn", "is required for " + where);
        }
        Column created = column(columns, endpoint.getCreatedColumn(), "createdColumn", where);
        Column softDelete = column(columns, endpoint.getSoftDeleteColumn(), "softDeleteColumn", where);

        List<Column> keys = new ArrayList<>();
        if (endpoint.getKeyColumns() != null && !endpoint.getKeyColumns().isBlank()) {
            for (String k : endpoint.getKeyColumns().split(",")) {
                keys.add(column(columns, k.trim(), "keyColumns", where));
            }
        } else {
            Map<Short, Column> pk = new TreeMap<>();
            try (ResultSet rs = catalogIsSchema ? md.getPrimaryKeys(schema, null, table)
                    : md.getPrimaryKeys(null, schema, table)) {
                while (rs.next()) {
                    pk.put(rs.getShort("KEY_SEQ"), columns.get(rs.getString("COLUMN_NAME")));
                }
            }
            keys.addAll(pk.values());
            if (keys.isEmpty()) {
                throw new ConfigurationException("keyColumns", where + " has no primary key: name the columns"
                        + " that identify a row");
            }
        }

        Set<String> include = names(endpoint.getIncludeColumns());
        Set<String> exclude = names(endpoint.getExcludeColumns());
        for (String n : include) {
            column(columns, n, "includeColumns", where);
        }
        for (String n : exclude) {
            column(columns, n, "excludeColumns", where);
        }
        List<Column> data = new ArrayList<>();
        for (Column c : ordered) {
            String lower = c.name().toLowerCase(Locale.ROOT);
            if ((include.isEmpty() || include.contains(lower)) && !exclude.contains(lower)) {
                data.add(c);
            }
        }
        return new PolledTable(dialect, schema, table, foldsUpper, ts, keys, created, softDelete, data, quote);
    }

    /** The query that reads the next page: rows after a cursor (when {@code afterCursor}), before an upper bound. */
    String query(boolean afterCursor, boolean atOrAfterTimestamp, boolean boundedByParameter) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < selected.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(selected.get(i).quoted());
        }
        sql.append(" FROM ").append(qualifiedName).append(" WHERE ").append(timestamp.quoted()).append(" IS NOT NULL");
        if (afterCursor) {
            sql.append(" AND ").append(dialect.after(cursorColumns()));
        } else if (atOrAfterTimestamp) {
            sql.append(" AND ").append(timestamp.quoted()).append(" >= ?");
        }
        sql.append(" AND ").append(timestamp.quoted())
                .append(boundedByParameter ? " < ?" : " <= CURRENT_TIMESTAMP");
        sql.append(" ORDER BY ").append(String.join(", ", cursorColumns()));
        sql.append(dialect.limit());
        return sql.toString();
    }

    List<String> cursorColumns() {
        List<String> cols = new ArrayList<>();
        cols.add(timestamp.quoted());
        for (Column k : keys) {
            cols.add(k.quoted());
        }
        return cols;
    }

    private static Column column(Map<String, Column> columns, String name, String option, String where) {
        if (name == null || name.isBlank()) {
            return null;
        }
        Column c = columns.get(name.trim());
        if (c == null) {
            throw new ConfigurationException(option, "unknown column '" + name.trim() + "' in " + where);
        }
        return c;
    }

    private static Set<String> names(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String n : csv.split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static String fold(String name, boolean foldsUpper) {
        return foldsUpper && name.equals(name.toUpperCase(Locale.ROOT)) ? name.toLowerCase(Locale.ROOT) : name;
    }

    private static String quote(String identifier, String quote) {
        if (quote.isEmpty()) {
            return identifier;
        }
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    private static List<Column> concat(Column a, Column b, Column c, List<Column> rest) {
        List<Column> all = new ArrayList<>();
        all.add(a);
        all.add(b);
        all.add(c);
        all.addAll(rest);
        return all;
    }
}
