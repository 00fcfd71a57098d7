package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import io.dbworkers.sql.Dialect;

/**
 * Writes rows to the table, one transaction per batch. When a batch fails on a data error, it is split in halves and
 * each half tried in its own transaction, down to single rows, which are then rejected: the good rows are committed
 * and the bad ones returned with their error. Other errors are thrown, with nothing of the failing batch committed.
 */
final class BatchWriter {

    /** PostgreSQL's (and MariaDB's) limit of bind parameters in one statement */
    static final int MAX_PARAMETERS = 65_535;
    private static final String STAGE = "db_write_stage";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int CHUNK = 64 * 1024;

    /** A row to write: what came in the body, and its values in the order of the columns written. */
    record Row(Object original, List<Object> values) {
    }

    record Outcome(int written, List<RejectedRow> rejected) {
    }

    private final TargetTable table;
    private final WriteMode mode;
    private final List<TargetTable.Column> keys;
    private final int batchSize;

    BatchWriter(TargetTable table, WriteMode mode, List<TargetTable.Column> keys, int batchSize) {
        this.table = table;
        this.mode = mode;
        this.keys = List.copyOf(keys);
        this.batchSize = batchSize;
    }

    Outcome write(Connection connection, List<TargetTable.Column> columns, List<Row> rows) throws SQLException {
        List<RejectedRow> rejected = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            int written = bisect(connection, columns, rows, rejected);
            return new Outcome(written, rejected);
        } finally {
            restoreAutoCommit(connection, autoCommit);
        }
    }

    private int bisect(Connection connection, List<TargetTable.Column> columns, List<Row> rows,
            List<RejectedRow> rejected) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            send(connection, columns, rows);
            connection.commit();
            return rows.size();
        } catch (SQLException e) {
            rollback(connection, e);
            if (SqlErrors.classify(e) != SqlErrors.Kind.DATA) {
                throw e;
            }
            if (rows.size() == 1) {
                rejected.add(new RejectedRow(rows.get(0).original(), SqlErrors.message(e), e.getSQLState()));
                return 0;
            }
            int half = rows.size() / 2;
            return bisect(connection, columns, rows.subList(0, half), rejected)
                    + bisect(connection, columns, rows.subList(half, rows.size()), rejected);
        }
    }

    /** Sends the rows in the current transaction, without committing: the caller may add its own writes. */
    void send(Connection connection, List<TargetTable.Column> columns, List<Row> rows) throws SQLException {
        if (mode.copy()) {
            copy(connection, columns, rows);
        } else {
            insert(connection, columns, rows);
        }
    }

    private void insert(Connection connection, List<TargetTable.Column> columns, List<Row> rows)
            throws SQLException {
        if (mode.onConflict() == OnConflict.UPDATE && table.dialect == Dialect.POSTGRESQL) {
            // ON CONFLICT DO UPDATE may not touch a row twice in one statement: the last version of a key wins
            rows = lastPerKey(columns, rows);
        }
        int perStatement = Math.max(1, Math.min(batchSize, MAX_PARAMETERS / columns.size()));
        String fullSql = null;
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            String sql;
            if (chunk.size() == perStatement) {
                fullSql = fullSql == null ? Statements.insert(table, columns, keys, mode, chunk.size()) : fullSql;
                sql = fullSql;
            } else {
                sql = Statements.insert(table, columns, keys, mode, chunk.size());
            }
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = 1;
                for (Row row : chunk) {
                    for (int i = 0; i < columns.size(); i++) {
                        Binder.bind(ps, index++, table.dialect, columns.get(i), row.values().get(i));
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    private void copy(Connection connection, List<TargetTable.Column> columns, List<Row> rows) throws SQLException {
        var copyApi = connection.unwrap(PGConnection.class).getCopyAPI();
        if (mode.onConflict() == OnConflict.IGNORE) {
            if (copiedWithoutConflict(connection, copyApi, columns, rows)) {
                return;
            }
            try (Statement s = connection.createStatement()) {
                s.execute(Statements.createStage(table, columns, STAGE));
            }
            copyRows(copyApi, Statements.copy(table.quoted(STAGE), columns), rows);
            try (Statement s = connection.createStatement()) {
                s.executeUpdate(Statements.insertFromStage(table, columns, keys, STAGE));
            }
        } else {
            copyRows(copyApi, Statements.copy(table.qualifiedName, columns), rows);
        }
    }

    /**
     * Tries a plain COPY into the table, which PostgreSQL writes in bulk: more than twice as fast as COPY into the stage
     * then INSERT ... ON CONFLICT DO NOTHING, and enough whenever no row is there yet (redeliveries are rare). Rolled back
     * to a savepoint, and false, when a key is already there.
     */
    private boolean copiedWithoutConflict(Connection connection, CopyManager copyApi,
            List<TargetTable.Column> columns, List<Row> rows) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            copyRows(copyApi, Statements.copy(table.qualifiedName, columns), rows);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
            return false;
        }
        connection.releaseSavepoint(savepoint);
        return true;
    }

    private List<Row> lastPerKey(List<TargetTable.Column> columns, List<Row> rows) {
        List<Integer> keyIndexes = new ArrayList<>();
        for (TargetTable.Column k : keys) {
            keyIndexes.add(columns.indexOf(k));
        }
        Map<List<Object>, Row> last = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Object> key = new ArrayList<>();
            for (int i : keyIndexes) {
                key.add(row.values().get(i));
            }
            last.remove(key);
            last.put(key, row);
        }
        return last.size() == rows.size() ? rows : new ArrayList<>(last.values());
    }

    /**
     * Sends the rows in COPY text format, UTF-8 (pgjdbc's client encoding), in chunks of about {@value #CHUNK} bytes
     * as they are produced: never the whole batch's text at once, and written as bytes directly ({@link CopyBytes}).
     */
    private static void copyRows(CopyManager copyApi, String sql, List<Row> rows) throws SQLException {
        CopyIn copy = copyApi.copyIn(sql);
        try {
            CopyBytes chunk = new CopyBytes(CHUNK + 1024);
            for (Row row : rows) {
                chunk.appendRow(row.values());
                if (chunk.length() >= CHUNK) {
                    send(copy, chunk);
                }
            }
            send(copy, chunk);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void send(CopyIn copy, CopyBytes chunk) throws SQLException {
        if (chunk.length() > 0) {
            copy.writeToCopy(chunk.array(), 0, chunk.length());
            chunk.clear();
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // the connection broke, and the error that broke it is on its way up: this one would only hide it
        }
    }

    private static void rollback(Connection connection, SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
