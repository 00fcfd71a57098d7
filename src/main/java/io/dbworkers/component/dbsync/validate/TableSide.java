package io.dbworkers.component.dbsync.validate;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.dbworkers.sql.Dialect;
import io.dbworkers.sql.PortableType;
import io.dbworkers.sql.PortableType.Kind;
import io.dbworkers.sql.TableRef;

/**
 * One side of a validation: a connection holding one consistent snapshot (PostgreSQL: a read-only repeatable-read
 * transaction; MariaDB: {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} in UTC), the table, and the SQL of its rows'
 * canonical text ({@link CanonicalSql}). Every query aggregates or reads a bounded slice in the database; none reads the
 * whole table into the JVM.
 */
final class TableSide implements AutoCloseable {

    /**
     * The rows of a bucket: how many, the sum of their 60-bit row hashes over every column but json compared across
     * products, and the sum of the hashes of those json columns alone (zero when there are none).
     */
    record Agg(long count, BigInteger sum, BigInteger jsonSum) {
        Agg plus(Agg other) {
            return new Agg(count + other.count, sum.add(other.sum), jsonSum.add(other.jsonSum));
        }

        /** Same count and same hashes of every column but the separately hashed json ones. */
        boolean sameExceptJson(Agg other) {
            return other != null && count == other.count && sum.equals(other.sum);
        }
    }

    /** A WHERE clause (without the keyword; empty for none) and its parameters. */
    record Slice(String where, List<Object> params) {
        static final Slice ALL = new Slice("", List.of());
    }

    /** Between the values of a composite key in {@link #rows}' keys. */
    static final String KEY_SEPARATOR = "\u001f";
    private static final int ROWS_PER_CHUNK = 100_000;
    private static final int MAX_CHUNKS = 64;

    private final Connection connection;
    private final Dialect dialect;
    private final TableRef table;
    private final List<PortableType.Column> columns;
    private List<String> quotedKey;
    private List<String> keyValues;
    private List<String> values;
    private List<String> jsonValues;
    private String rowHash;
    private String jsonHash;
    private String keyHash;

    private TableSide(Connection connection, TableRef table, List<PortableType.Column> columns) {
        this.connection = connection;
        this.dialect = table.identifiers().dialect();
        this.table = table;
        this.columns = columns;
    }

    /** Opens the snapshot and finds the table; an unknown table is a configuration error naming {@code setting}. */
    static TableSide open(DataSource dataSource, String setting, String tableName) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            Dialect dialect = Dialect.of(connection.getMetaData());
            if (dialect == Dialect.MARIADB) {
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    s.execute("SET time_zone = '+00:00'");
                    s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                }
            } else {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setReadOnly(true);
            }
            TableRef table = TableRef.table(connection, setting, tableName, null);
            return new TableSide(connection, table, PortableType.columns(connection, table));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    Dialect dialect() {
        return dialect;
    }

    TableRef table() {
        return table;
    }

    List<PortableType.Column> columns() {
        return columns;
    }

    List<String> primaryKey() throws SQLException {
        return table.primaryKey(connection);
    }

    /**
     * Sets the SQL of the canonical row text: {@code compared} are this side's columns in comparison order, the first
     * {@code keySize} of them the key; {@code kinds} the kinds both sides compare them as.
     */
    void plan(List<PortableType.Column> compared, int keySize, List<Kind> kinds, boolean[] separate,
            boolean bothPostgres) {
        quotedKey = new ArrayList<>();
        values = new ArrayList<>();
        List<String> exact = new ArrayList<>();
        List<Kind> exactKinds = new ArrayList<>();
        List<Kind> jsonKinds = new ArrayList<>();
        jsonValues = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            PortableType.Column c = compared.get(i);
            String quoted = table.identifiers().quote(c.name());
            if (i < keySize) {
                quotedKey.add(quoted);
            }
            String value = CanonicalSql.value(dialect, c.type(), kinds.get(i), bothPostgres, quoted);
            values.add(value);
            (separate[i] ? jsonValues : exact).add(value);
            (separate[i] ? jsonKinds : exactKinds).add(kinds.get(i));
        }
        keyValues = values.subList(0, keySize);
        rowHash = CanonicalSql.hash60(dialect, CanonicalSql.row(dialect, exactKinds, exact));
        jsonHash = jsonValues.isEmpty() ? "0" : CanonicalSql.hash60(dialect, CanonicalSql.row(dialect, jsonKinds,
                jsonValues));
        keyHash = CanonicalSql.hash60(dialect, CanonicalSql.row(dialect, kinds.subList(0, keySize), keyValues));
    }

    /** count(*), and min and max of a single integer key (0 when the table is empty or {@code withRange} false). */
    long[] countAndRange(boolean withRange) throws SQLException {
        String k = quotedKey.get(0);
        String sql = "SELECT count(*)" + (withRange ? ", min(" + k + "), max(" + k + ")" : "") + " FROM "
                + table.quoted();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new long[] {rs.getLong(1), withRange ? rs.getLong(2) : 0, withRange ? rs.getLong(3) : 0};
        }
    }

    /**
     * The slices a whole-table scan is cut into, for progress: PostgreSQL by physical block ranges (a TID range
     * scan, as cheap as one sequential scan), MariaDB by ranges of an integer key (the clustered index), else one.
     */
    List<Slice> chunks(long rows, boolean intKey, long min, long max) throws SQLException {
        int n = (int) Math.min(MAX_CHUNKS, Math.max(1, rows / ROWS_PER_CHUNK));
        List<Slice> chunks = new ArrayList<>();
        if (n == 1) {
            chunks.add(Slice.ALL);
        } else if (dialect == Dialect.POSTGRESQL && connection.getMetaData().getDatabaseMajorVersion() >= 14) {
            long blocks = blocks();
            long step = Math.max(1, (blocks + n - 1) / n);
            for (long b = 0; b < blocks; b += step) {
                chunks.add(new Slice(b + step >= blocks ? "ctid >= '(" + b + ",0)'::tid"
                        : "ctid >= '(" + b + ",0)'::tid AND ctid < '(" + (b + step) + ",0)'::tid", List.of()));
            }
            if (chunks.isEmpty()) {
                chunks.add(Slice.ALL);
            }
        } else if (dialect == Dialect.MARIADB && intKey) {
            String k = quotedKey.get(0);
            long step = Math.max(1, (max - min) / n + 1);
            for (long from = min; from <= max; from += step) {
                boolean last = from + step > max;
                chunks.add(last ? new Slice(k + " >= ?", List.of(from))
                        : new Slice(k + " >= ? AND " + k + " < ?", List.of(from, from + step)));
            }
        } else {
            chunks.add(Slice.ALL);
        }
        return chunks;
    }

    private long blocks() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::bigint")) {
            ps.setString(1, table.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Buckets of an integer key: bucket {@code b} holds keys {@code [lo + b * width, lo + (b + 1) * width)}. */
    String rangeBucket(long lo, long width) {
        String key = dialect == Dialect.MARIADB ? quotedKey.get(0) : quotedKey.get(0) + "::bigint";
        return CanonicalSql.div(dialect, key + " - (" + lo + ")", Long.toString(width));
    }

    /** Buckets by a hash of the key, for keys that are not one integer: the same bucket on both products. */
    String hashBucket(int buckets) {
        return keyHash + " % " + buckets;
    }

    /** A key range {@code [from, to)} of a single integer key. */
    Slice range(long from, long to) {
        String k = quotedKey.get(0);
        return new Slice(k + " >= ? AND " + k + " < ?", List.of(from, to));
    }

    /** The hash buckets given. */
    Slice hashBuckets(int buckets, List<Long> which) {
        StringBuilder in = new StringBuilder(hashBucket(buckets)).append(" IN (");
        for (int i = 0; i < which.size(); i++) {
            in.append(i == 0 ? "" : ", ").append(which.get(i));
        }
        return new Slice(in.append(')').toString(), List.of());
    }

    /** Count and hash sum per bucket, computed in the database in one scan of the slice. */
    Map<Long, Agg> aggregate(String bucket, Slice slice) throws SQLException {
        String sql = "SELECT b, count(*), sum(h), sum(j) FROM (SELECT " + bucket + " AS b, " + rowHash + " AS h, "
                + jsonHash + " AS j FROM " + table.quoted() + where(slice) + ") s GROUP BY b";
        Map<Long, Agg> buckets = new HashMap<>();
        try (PreparedStatement ps = prepare(sql, slice); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                buckets.put(rs.getLong(1), new Agg(rs.getLong(2), rs.getBigDecimal(3).toBigInteger(),
                        rs.getBigDecimal(4).toBigInteger()));
            }
        }
        return buckets;
    }

    /**
     * The canonical values of every row of the slice, by canonical key text (in key order): every column, or with
     * {@code jsonOnly} the key and the separately hashed json columns.
     */
    Map<String, String[]> rows(Slice slice, boolean jsonOnly) throws SQLException {
        List<String> selected = values;
        if (jsonOnly) {
            selected = new ArrayList<>(keyValues);
            selected.addAll(jsonValues);
        }
        String sql = "SELECT " + String.join(", ", selected) + " FROM " + table.quoted() + where(slice) + " ORDER BY "
                + CanonicalSql.keyOrder(quotedKey);
        Map<String, String[]> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(sql, slice); ResultSet rs = ps.executeQuery()) {
            int n = selected.size();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.put(keyText(row), row);
            }
        }
        return rows;
    }

    /** The key's canonical values joined by {@link #KEY_SEPARATOR}: the same text on both sides for one key. */
    private String keyText(String[] row) {
        if (quotedKey.size() == 1) {
            return row[0];
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < quotedKey.size(); i++) {
            key.append(i == 0 ? "" : KEY_SEPARATOR).append(row[i]);
        }
        return key.toString();
    }

    private static String where(Slice slice) {
        return slice.where().isEmpty() ? "" : " WHERE " + slice.where();
    }

    private PreparedStatement prepare(String sql, Slice slice) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < slice.params().size(); i++) {
            ps.setObject(i + 1, slice.params().get(i));
        }
        return ps;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (dialect == Dialect.MARIADB) {
                try (Statement s = connection.createStatement()) {
                    s.execute("COMMIT");
                }
            } else {
                connection.rollback();
            }
        } finally {
            connection.close();
        }
    }
}
