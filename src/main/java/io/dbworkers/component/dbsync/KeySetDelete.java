package io.dbworkers.component.dbsync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.dbworkers.sql.PortableType;

/**
 * {@code deleteMissing}: the target's keys, read in key order a page at a time, looked up at the source; the target
 * rows whose key the source no longer has are deleted, a page per transaction. This sees hard deletes that a
 * timestamp cannot, at the cost of reading every key of both tables.
 */
final class KeySetDelete {

    private static final int PAGE = 1000;

    private final SyncTable table;

    KeySetDelete(SyncTable table) {
        this.table = table;
    }

    void run(Connection src, Connection tgt, SyncResult result) throws SQLException {
        List<String> targetKey = table.quotedKey(table.target, table.targetColumns);
        List<String> sourceKey = table.quotedKey(table.source, table.sourceColumns);
        List<Object> after = null;
        while (true) {
            List<List<Object>> page = page(tgt, targetKey, after);
            if (page.isEmpty()) {
                return;
            }
            after = page.get(page.size() - 1);
            Set<String> atSource = new HashSet<>();
            try (PreparedStatement ps = src.prepareStatement("SELECT " + String.join(", ", sourceKey) + " FROM "
                    + table.source.quoted() + " WHERE " + Keys.in(sourceKey, page.size()))) {
                Keys.bindIn(ps, page, table.key, table.sourceColumns, table.sourceDialect());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        atSource.add(Keys.identity(row(rs, table.sourceColumns), table.key));
                    }
                }
            }
            src.commit();
            List<List<Object>> missing = new ArrayList<>();
            for (List<Object> key : page) {
                if (!atSource.contains(Keys.identity(key, table.key))) {
                    missing.add(key);
                }
            }
            result.deleted.addAndGet(Keys.delete(tgt, table, missing));
            tgt.commit();
        }
    }

    private List<List<Object>> page(Connection tgt, List<String> targetKey, List<Object> after) throws SQLException {
        String sql = "SELECT " + String.join(", ", targetKey) + " FROM " + table.target.quoted()
                + (after == null ? "" : " WHERE " + table.targetDialect().after(targetKey)) + " ORDER BY "
                + String.join(", ", targetKey) + table.targetDialect().limit();
        try (PreparedStatement ps = tgt.prepareStatement(sql)) {
            int p = 1;
            if (after != null) {
                for (int i : table.targetDialect().afterParameterOrder(table.key.length)) {
                    int k = table.key[i];
                    Keys.bind(ps, p++, Keys.text(after.get(k)), table.targetColumns.get(k).type(),
                            table.targetDialect());
                }
            }
            ps.setInt(p, PAGE);
            List<List<Object>> page = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(row(rs, table.targetColumns));
                }
            }
            return page;
        }
    }

    /** A row holding only the key values (at their column positions), the rest null. */
    private List<Object> row(ResultSet rs, List<PortableType.Column> columns) throws SQLException {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            row.add(null);
        }
        for (int i = 0; i < table.key.length; i++) {
            row.set(table.key[i], Values.read(rs, i + 1, columns.get(table.key[i]).type()));
        }
        return row;
    }
}
