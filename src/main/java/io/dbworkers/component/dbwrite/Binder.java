package io.dbworkers.component.dbwrite;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Date;
import java.util.Map;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.sql.Dialect;

/**
 * Binds a row value to an INSERT parameter. Maps and lists go in as JSON. On PostgreSQL a string bound to a column
 * that is not a text column is sent untyped, so the server parses it with the column's input function, as COPY would
 * ("2023-10-18T14:30:00Z" into a timestamptz, "23.5" into a double precision, JSON text into jsonb).
 */
final class Binder {

    private Binder() {
    }

    static void bind(PreparedStatement ps, int index, Dialect dialect, TargetTable.Column column,
            Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
            return;
        }
        boolean postgres = dialect == Dialect.POSTGRESQL;
        if (value instanceof Map || value instanceof Collection) {
            String json = ChangeJson.toJson(value);
            if (postgres) {
                ps.setObject(index, json, Types.OTHER);
            } else {
                ps.setString(index, json);
            }
        } else if (value instanceof String && postgres && !column.isText()) {
            ps.setObject(index, value, Types.OTHER);
        } else if (value instanceof Date || value instanceof Temporal) {
            ps.setObject(index, CopyFormat.dateTime(value));
        } else if (value instanceof BigInteger) {
            ps.setBigDecimal(index, new BigDecimal((BigInteger) value));
        } else if (value instanceof Character) {
            ps.setString(index, value.toString());
        } else {
            ps.setObject(index, value);
        }
    }
}
