package io.dbworkers.component.dbsync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Dialect;
import io.dbworkers.sql.Identifiers;
import io.dbworkers.sql.PortableType;
import io.dbworkers.sql.PortableType.Kind;
import io.dbworkers.sql.TableRef;

/**
 * The source and target tables of a sync, resolved against both databases' metadata: every source column must be in
 * the target (by name, ignoring case), the source must have a primary key, and the key's kinds must match. With
 * createTarget a missing target table is created from the source's columns through {@link PortableType}.
 */
final class SyncTable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncTable.class);
    private static final Set<Kind> INTEGERS = Set.of(Kind.SMALLINT, Kind.INTEGER, Kind.BIGINT);
    private static final Set<Kind> TEXTS = Set.of(Kind.VARCHAR, Kind.CHAR, Kind.TEXT, Kind.UUID);

    final TableRef source;
    final TableRef target;
    /** the source's columns, in its order */
    final List<PortableType.Column> sourceColumns;
    /** the target's column of the same name for each source column, same order */
    final List<PortableType.Column> targetColumns;
    final int[] key;
    final int timestamp;
    final int version;
    final int softDelete;

    private SyncTable(TableRef source, TableRef target, List<PortableType.Column> sourceColumns,
            List<PortableType.Column> targetColumns, int[] key, int timestamp, int version, int softDelete) {
        this.source = source;
        this.target = target;
        this.sourceColumns = sourceColumns;
        this.targetColumns = targetColumns;
        this.key = key;
        this.timestamp = timestamp;
        this.version = version;
        this.softDelete = softDelete;
    }

    static SyncTable resolve(Connection src, Connection tgt, SyncSpec spec) throws SQLException {
        TableRef source = TableRef.table(src, "table", spec.table(), null);
        List<PortableType.Column> columns = PortableType.columns(src, source);
        List<String> pk = source.primaryKey(src);
        if (pk.isEmpty()) {
            throw new ConfigurationException("table", "source table " + source.name()
                    + " has no primary key: sync needs a key to match rows");
        }
        int[] key = new int[pk.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = index(columns, pk.get(i), "table");
        }
        int timestamp = spec.timestampColumn() == null ? -1 : index(columns, spec.timestampColumn(), "timestampColumn");
        int version = spec.versionColumn() == null ? -1 : index(columns, spec.versionColumn(), "versionColumn");
        int softDelete = spec.softDeleteColumn() == null ? -1
                : index(columns, spec.softDeleteColumn(), "softDeleteColumn");
        TableRef target = targetTable(tgt, spec, columns, key);
        List<PortableType.Column> targetColumns = PortableType.columns(tgt, target);
        List<PortableType.Column> matched = new ArrayList<>();
        for (PortableType.Column c : columns) {
            PortableType.Column t = targetColumns.stream().filter(x -> x.name().equalsIgnoreCase(c.name()))
                    .findFirst().orElseThrow(() -> new ConfigurationException("targetTable", "target table "
                            + target.name() + " has no column '" + c.name() + "' (source table " + source.name()
                            + " has)"));
            matched.add(t);
        }
        for (int k : key) {
            if (!compatible(columns.get(k).type().kind(), matched.get(k).type().kind())) {
                throw new ConfigurationException("targetTable", "key column " + columns.get(k).name() + " is "
                        + columns.get(k).type().typeName() + " at the source and " + matched.get(k).type().typeName()
                        + " at the target");
            }
        }
        return new SyncTable(source, target, List.copyOf(columns), List.copyOf(matched), key, timestamp, version,
                softDelete);
    }

    private static TableRef targetTable(Connection tgt, SyncSpec spec, List<PortableType.Column> columns, int[] key)
            throws SQLException {
        try {
            return TableRef.table(tgt, "targetTable", spec.target(), null);
        } catch (ConfigurationException missing) {
            if (!spec.createTarget()) {
                throw new ConfigurationException("targetTable", "target table " + spec.target()
                        + " does not exist (create it, or use createTarget / --create-target)");
            }
        }
        Identifiers ids = Identifiers.of(tgt);
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(ids.quotePlain(spec.target())).append(" (");
        List<Integer> keys = new ArrayList<>();
        for (int k : key) {
            keys.add(k);
        }
        StringBuilder pk = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            PortableType.Column c = columns.get(i);
            if (c.type().kind() == Kind.OTHER) {
                throw new ConfigurationException("createTarget", "column " + c.name() + " has type "
                        + c.type().typeName() + ", which has no portable mapping: create the target table by hand");
            }
            String name = ids.quote(c.name().toLowerCase(Locale.ROOT));
            ddl.append(i == 0 ? "" : ", ").append(name).append(' ')
                    .append(c.type().ddl(ids.dialect(), keys.contains(i))).append(c.nullable() ? "" : " NOT NULL");
            if (keys.contains(i)) {
                pk.append(pk.length() == 0 ? "" : ", ").append(name);
            }
        }
        ddl.append(", PRIMARY KEY (").append(pk).append("))");
        try (Statement s = tgt.createStatement()) {
            s.execute(ddl.toString());
        }
        if (!tgt.getAutoCommit()) {
            tgt.commit();
        }
        LOG.info("created target table: {}", ddl);
        return TableRef.table(tgt, "targetTable", spec.target(), null);
    }

    private static boolean compatible(Kind a, Kind b) {
        return a == b || INTEGERS.contains(a) && INTEGERS.contains(b) || TEXTS.contains(a) && TEXTS.contains(b)
                || a == Kind.DECIMAL && INTEGERS.contains(b) || b == Kind.DECIMAL && INTEGERS.contains(a);
    }

    private static int index(List<PortableType.Column> columns, String name, String setting) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        throw new ConfigurationException(setting, "unknown column '" + name + "'");
    }

    Dialect sourceDialect() {
        return source.identifiers().dialect();
    }

    Dialect targetDialect() {
        return target.identifiers().dialect();
    }

    List<String> targetNames() {
        return targetColumns.stream().map(PortableType.Column::name).toList();
    }

    /** Whether each source column has the same type at the target (PostgreSQL to PostgreSQL: COPY bytes pass). */
    boolean sameTypes() {
        if (sourceDialect() != Dialect.POSTGRESQL || targetDialect() != Dialect.POSTGRESQL) {
            return false;
        }
        for (int i = 0; i < sourceColumns.size(); i++) {
            if (!sourceColumns.get(i).type().equals(targetColumns.get(i).type())) {
                return false;
            }
        }
        return true;
    }

    String quotedSourceColumns() {
        return String.join(", ", sourceColumns.stream().map(c -> source.identifiers().quote(c.name())).toList());
    }

    String quotedTargetColumns() {
        return String.join(", ", targetColumns.stream().map(c -> target.identifiers().quote(c.name())).toList());
    }

    List<String> quotedKey(TableRef side, List<PortableType.Column> cols) {
        List<String> quoted = new ArrayList<>();
        for (int k : key) {
            quoted.add(side.identifiers().quote(cols.get(k).name()));
        }
        return quoted;
    }
}
