package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Dialect;
import io.dbworkers.sql.Identifiers;
import io.dbworkers.sql.TableRef;

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
    /** {@code schema.table} as reported, or the table alone: the {@code CamelDbPollTable} header */
    final String reportedQualified;
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
    /** the names reported in changes, of the data columns and of the key columns, shared by every row's maps */
    final String[] dataNames;
    final int[] dataPositions;
    final String[] keyNames;
    /** {@link ColumnValues#reader} of each selected column */
    final int[] readers;

    record Column(String name, String reportedName, String quoted, int sqlType, String typeName) {
        /** PostgreSQL's driver reports timestamptz as TIMESTAMP; its values need an offset */
        boolean hasOffset() {
            return sqlType == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equalsIgnoreCase(typeName);
        }

        boolean isTemporal() {
            return sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE || sqlType == Types.DATE;
        }
    }

    private PolledTable(TableRef ref, Column timestamp, List<Column> keys, Column created, Column softDelete,
            List<Column> dataColumns) {
        Identifiers names = ref.identifiers();
        this.dialect = names.dialect();
        this.schema = ref.schema();
        this.table = ref.name();
        this.reportedSchema = schema == null ? null : names.reported(schema);
        this.reportedTable = names.reported(table);
        this.reportedQualified = reportedSchema == null ? reportedTable : reportedSchema + "." + reportedTable;
        this.qualifiedName = ref.quoted();
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
        this.dataNames = dataColumns.stream().map(Column::reportedName).toArray(String[]::new);
        this.dataPositions = IntStream.range(0, dataNames.length).toArray();
        this.keyNames = keys.stream().map(Column::reportedName).toArray(String[]::new);
        this.readers = selected.stream().mapToInt(ColumnValues::reader).toArray();
    }

    /** The timestamp of a row as read (its values in {@link #selected} order). */
    Object timestampOf(Object[] row) {
        return row[timestampIndex];
    }

    /** The key values of a row as read, in key-column order. */
    List<Object> keyOf(Object[] row) {
        Object[] key = new Object[keyIndexes.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[keyIndexes[i]];
        }
        return Arrays.asList(key);
    }

    static PolledTable resolve(Connection connection, String configuredName, DbPollEndpoint endpoint)
            throws SQLException {
        TableRef ref = TableRef.tableOrView(connection, "db-poll table", configuredName, endpoint.getSchema());
        Identifiers names = ref.identifiers();
        Map<String, Column> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<Column> ordered = new ArrayList<>();
        for (TableRef.Column col : ref.columns(connection)) {
            Column c = new Column(col.name(), names.reported(col.name()), col.quoted(), col.sqlType(),
                    col.typeName());
            columns.put(col.name(), c);
            ordered.add(c);
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
            for (String k : ref.primaryKey(connection)) {
                keys.add(columns.get(k));
            }
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
        return new PolledTable(ref, ts, keys, created, softDelete, data);
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

    private static List<Column> concat(Column a, Column b, Column c, List<Column> rest) {
        List<Column> all = new ArrayList<>();
        all.add(a);
        all.add(b);
        all.add(c);
        all.addAll(rest);
        return all;
    }
}
