package io.dbworkers.component.dbwrite;

import java.util.List;

import io.dbworkers.sql.Dialect;

/** The SQL of each way of writing, from names already quoted by {@link TargetTable}. */
final class Statements {

    private Statements() {
    }

    /** {@code INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ...} with the conflict clause of the mode. */
    static String insert(TargetTable table, List<TargetTable.Column> columns, List<TargetTable.Column> keys,
            WriteMode mode, int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.qualifiedName).append(" (")
                .append(names(columns)).append(") VALUES ");
        String one = "(" + "?, ".repeat(columns.size() - 1) + "?)";
        sql.ensureCapacity(sql.length() + rows * (one.length() + 2) + 200);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(one);
        }
        return sql.append(onConflict(table, columns, keys, mode.onConflict())).toString();
    }

    static String copy(String qualifiedName, List<TargetTable.Column> columns) {
        return "COPY " + qualifiedName + " (" + names(columns) + ") FROM STDIN";
    }

    /** An empty temporary table with the columns' types, dropped when the transaction ends. */
    static String createStage(TargetTable table, List<TargetTable.Column> columns, String stage) {
        return "CREATE TEMPORARY TABLE " + table.quoted(stage) + " ON COMMIT DROP AS SELECT " + names(columns)
                + " FROM " + table.qualifiedName + " WITH NO DATA";
    }

    static String insertFromStage(TargetTable table, List<TargetTable.Column> columns, List<TargetTable.Column> keys,
            String stage) {
        return "INSERT INTO " + table.qualifiedName + " (" + names(columns) + ") SELECT " + names(columns)
                + " FROM " + table.quoted(stage) + onConflict(table, columns, keys, OnConflict.IGNORE);
    }

    private static String onConflict(TargetTable table, List<TargetTable.Column> columns,
            List<TargetTable.Column> keys, OnConflict onConflict) {
        if (onConflict == OnConflict.FAIL) {
            return "";
        }
        StringBuilder set = new StringBuilder();
        if (onConflict == OnConflict.UPDATE) {
            for (TargetTable.Column c : columns) {
                if (!keys.contains(c)) {
                    set.append(set.length() == 0 ? "" : ", ").append(c.quoted()).append(" = ")
                            .append(table.dialect == Dialect.POSTGRESQL
                                    ? "EXCLUDED." + c.quoted() : "VALUES(" + c.quoted() + ")");
                }
            }
        }
        if (table.dialect == Dialect.POSTGRESQL) {
            String target = keys.isEmpty() ? "" : " (" + names(keys) + ")";
            return set.length() == 0 ? " ON CONFLICT" + target + " DO NOTHING"
                    : " ON CONFLICT" + target + " DO UPDATE SET " + set;
        }
        // not INSERT IGNORE: it also turns data errors into warnings and stores mangled rows
        String first = columns.get(0).quoted();
        return " ON DUPLICATE KEY UPDATE " + (set.length() == 0 ? first + " = " + first : set);
    }

    private static String names(List<TargetTable.Column> columns) {
        StringBuilder names = new StringBuilder();
        for (TargetTable.Column c : columns) {
            names.append(names.length() == 0 ? "" : ", ").append(c.quoted());
        }
        return names.toString();
    }
}
