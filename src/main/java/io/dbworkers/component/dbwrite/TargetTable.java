package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Dialect;
import io.dbworkers.sql.Identifiers;
import io.dbworkers.sql.TableRef;

/**
 * The table written to, resolved against the database's metadata when the producer starts: the table and every
 * configured column must exist, and names reach SQL only quoted by the database's own rule.
 */
final class TargetTable {

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
    private final Identifiers identifiers;

    private TargetTable(Identifiers identifiers, String qualifiedName, List<Column> columns, List<Column> primaryKey,
            Map<String, Column> byName) {
        this.identifiers = identifiers;
        this.dialect = identifiers.dialect();
        this.qualifiedName = qualifiedName;
        this.columns = List.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        this.byName = Collections.unmodifiableMap(byName);
    }

    static TargetTable resolve(Connection connection, String configuredName, String configuredSchema)
            throws SQLException {
        TableRef ref = TableRef.table(connection, "db-write table", configuredName, configuredSchema);
        Map<String, Column> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<Column> ordered = new ArrayList<>();
        for (TableRef.Column col : ref.columns(connection)) {
            Column c = new Column(col.name(), col.quoted(), col.typeName());
            byName.put(col.name(), c);
            ordered.add(c);
        }
        List<Column> pk = new ArrayList<>();
        for (String name : ref.primaryKey(connection)) {
            pk.add(byName.get(name));
        }
        return new TargetTable(ref.identifiers(), ref.quoted(), ordered, pk, byName);
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
        return identifiers.quote(identifier);
    }
}
