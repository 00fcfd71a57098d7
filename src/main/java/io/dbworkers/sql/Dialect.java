package io.dbworkers.sql;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The database product, from its own metadata, and the few statements whose SQL differs between products: the keyset
 * predicate and the row limit. MySQL counts as MariaDB: they share the driver behaviour and the SQL used here.
 */
public enum Dialect {
    POSTGRESQL, MARIADB, H2, OTHER;

    public static Dialect of(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MARIADB;
        }
        if (product.contains("h2")) {
            return H2;
        }
        return OTHER;
    }

    /** MariaDB/MySQL call a schema a catalog: the metadata reports it as TABLE_CAT and finds it by catalog. */
    public boolean catalogIsSchema() {
        return this == MARIADB;
    }

    /**
     * Rows after the cursor {@code (c1, c2, ...) > (?, ?, ...)}. PostgreSQL and H2 walk an index on the row value;
     * MariaDB plans the expanded form better.
     */
    public String after(List<String> quotedColumns) {
        if (this != MARIADB) {
            String params = quotedColumns.stream().map(c -> "?").collect(Collectors.joining(", "));
            return "(" + String.join(", ", quotedColumns) + ") > (" + params + ")";
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < quotedColumns.size(); i++) {
            if (i > 0) {
                sql.append(" OR ");
            }
            sql.append('(');
            for (int j = 0; j < i; j++) {
                sql.append(quotedColumns.get(j)).append(" = ? AND ");
            }
            sql.append(quotedColumns.get(i)).append(" > ?)");
        }
        return "(" + sql + ")";
    }

    /** How many parameters {@link #after} binds for a cursor of {@code n} columns, and in which order. */
    public int[] afterParameterOrder(int n) {
        if (this != MARIADB) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return order;
        }
        int[] order = new int[n * (n + 1) / 2];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                order[p++] = j;
            }
        }
        return order;
    }

    public String limit() {
        return this == MARIADB || this == POSTGRESQL || this == H2 ? " LIMIT ?" : " FETCH FIRST ? ROWS ONLY";
    }
}
