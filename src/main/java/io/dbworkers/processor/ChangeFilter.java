package io.dbworkers.processor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConfigurationException;

/**
 * Skips changes nobody downstream wants, such as the flurry of a large migration update (seed 004): by table, by
 * operation, or UPDATEs that changed only some columns. Declared as a bean in the route file and used from a
 * {@code filter} (one change: {@link #keep}) or a step before a batch is published ({@link #kept}):
 *
 * <pre>
 * - beans:
 *     - name: changeFilter
 *       type: io.dbworkers.processor.ChangeFilter
 *       properties:
 *         skipTables: audit_log
 *         skipOperations: READ
 *         skipWhenOnlyColumnsChanged: updated_at,search_vector
 * </pre>
 *
 * An UPDATE is compared column by column only when it carries its old values (REPLICA IDENTITY FULL on PostgreSQL);
 * without them it is kept, since what changed cannot be told.
 */
public class ChangeFilter implements Predicate {

    private Set<String> skipTables = Set.of();
    private Set<ChangeType> skipOperations = Set.of();
    private Set<String> skipWhenOnlyColumnsChanged = Set.of();

    /** Whether the change passes: true unless one of the skip rules matches it. */
    public boolean keep(DatabaseChange change) {
        if (skipTables.contains(change.table()) || skipTables.contains(change.qualifiedTable())) {
            return false;
        }
        if (skipOperations.contains(change.changeType())) {
            return false;
        }
        return !(change.changeType() == ChangeType.UPDATE && !skipWhenOnlyColumnsChanged.isEmpty()
                 && onlyIgnoredColumnsChanged(change));
    }

    /** The changes of a batch that pass, in order. */
    public List<DatabaseChange> kept(List<DatabaseChange> changes) {
        List<DatabaseChange> kept = new ArrayList<>(changes.size());
        for (DatabaseChange change : changes) {
            if (keep(change)) {
                kept.add(change);
            }
        }
        return kept;
    }

    /** As a Camel predicate: the message body is a change. */
    @Override
    public boolean matches(Exchange exchange) {
        return keep(exchange.getMessage().getBody(DatabaseChange.class));
    }

    /** The columns that differ between old and new values, or null when the old values are not known. */
    static Set<String> changedColumns(DatabaseChange change) {
        Map<String, Object> before = change.oldData();
        Map<String, Object> after = change.newData();
        if (before == null || after == null) {
            return null;
        }
        Set<String> changed = new LinkedHashSet<>();
        for (Map.Entry<String, Object> column : after.entrySet()) {
            if (!before.containsKey(column.getKey())
                || !Objects.deepEquals(before.get(column.getKey()), column.getValue())) {
                changed.add(column.getKey());
            }
        }
        return changed;
    }

    private boolean onlyIgnoredColumnsChanged(DatabaseChange change) {
        Set<String> changed = changedColumns(change);
        return changed != null && skipWhenOnlyColumnsChanged.containsAll(changed);
    }

    /** Tables to skip, comma separated, each as {@code table} (any schema) or {@code schema.table}. */
    public void setSkipTables(String tables) {
        this.skipTables = names(tables);
    }

    /** Operations to skip, comma separated: INSERT, UPDATE, DELETE, READ (snapshot rows); case does not matter. */
    public void setSkipOperations(String operations) {
        Set<ChangeType> types = new LinkedHashSet<>();
        for (String name : names(operations)) {
            try {
                types.add(ChangeType.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("skipOperations", "'" + name + "' is not one of "
                        + Arrays.toString(ChangeType.values()));
            }
        }
        this.skipOperations = Set.copyOf(types);
    }

    /**
     * Columns whose change alone is not worth publishing, comma separated: an UPDATE that changed none but these
     * (or nothing at all) is skipped.
     */
    public void setSkipWhenOnlyColumnsChanged(String columns) {
        this.skipWhenOnlyColumnsChanged = names(columns);
    }

    private static Set<String> names(String list) {
        Set<String> names = new LinkedHashSet<>();
        if (list != null) {
            for (String name : list.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return Set.copyOf(names);
    }
}
