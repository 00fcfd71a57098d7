package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.dbworkers.config.ConfigurationException;

/**
 * db-write's batch writer for other components (db-sync): rows given as value lists in a fixed column order, sent by
 * COPY or multi-row INSERT/upsert, either inside the caller's transaction ({@link #send}) or bisected on a data error
 * with the good rows committed and the bad ones returned ({@link #writeBisecting}).
 */
public final class RowWriter {

    /** What a bisected write did: rows committed, and the rows refused with their error. */
    public record Result(int written, List<RejectedRow> rejected) {
    }

    private final BatchWriter writer;
    private final List<TargetTable.Column> columns;

    private RowWriter(BatchWriter writer, List<TargetTable.Column> columns) {
        this.writer = writer;
        this.columns = columns;
    }

    /**
     * A writer of {@code columns} (names as the database reports them) to a table, keyed on its primary key.
     *
     * @param mode {@code copy} (PostgreSQL), {@code insert} or {@code upsert}, as db-write's option
     */
    public static RowWriter open(Connection connection, String table, String schema, List<String> columns,
            String mode, int batchSize) throws SQLException {
        TargetTable target = TargetTable.resolve(connection, table, schema);
        List<TargetTable.Column> written = new ArrayList<>();
        for (String name : columns) {
            TargetTable.Column c = target.column(name);
            if (c == null) {
                throw new ConfigurationException("columns", "unknown column '" + name + "' in " + table);
            }
            written.add(c);
        }
        WriteMode writeMode = WriteMode.of(mode, null, target.dialect);
        return new RowWriter(new BatchWriter(target, writeMode, target.primaryKey, batchSize), written);
    }

    /** Sends the rows in the connection's current transaction (auto-commit off), without committing. */
    public void send(Connection connection, List<List<Object>> rows) throws SQLException {
        writer.send(connection, columns, wrap(rows, rows));
    }

    /**
     * Writes the rows, committing as it goes; on a data error bisects down to the single bad rows, which are returned
     * with their {@code originals} entry (same index) as the rejected row.
     */
    public Result writeBisecting(Connection connection, List<List<Object>> rows, List<?> originals)
            throws SQLException {
        BatchWriter.Outcome outcome = writer.write(connection, columns, wrap(rows, originals));
        return new Result(outcome.written(), outcome.rejected());
    }

    /** Whether the error blames the data (SQLState class 22/23 and MariaDB's equivalents), not the connection. */
    public static boolean isDataError(SQLException e) {
        return SqlErrors.classify(e) == SqlErrors.Kind.DATA;
    }

    /** The first line of the database's message, with its SQLState. */
    public static String message(SQLException e) {
        return SqlErrors.message(e);
    }

    private static List<BatchWriter.Row> wrap(List<List<Object>> rows, List<?> originals) {
        List<BatchWriter.Row> wrapped = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            wrapped.add(new BatchWriter.Row(originals.get(i), rows.get(i)));
        }
        return wrapped;
    }
}
