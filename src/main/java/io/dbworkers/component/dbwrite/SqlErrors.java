package io.dbworkers.component.dbwrite;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Sorts a failed write by what to do about it, from the SQLState class (the first two characters).
 * <ul>
 * <li>{@link Kind#DATA}: class 22 (data exception: bad number, bad date, value too long, COPY parse error) and 23
 * (integrity constraint: NOT NULL, CHECK, foreign key, unique). Some rows are bad: the batch is bisected.</li>
 * <li>{@link Kind#TRANSIENT}: class 08 (connection), 40 (serialization failure, deadlock), 53 (insufficient
 * resources), 57 (operator intervention, e.g. a cancelled query or a server shutting down), and the JDBC transient
 * and recoverable exceptions. Trying the whole batch again later may succeed: the exchange fails so that the route's
 * redelivery policy retries it.</li>
 * <li>MariaDB/MySQL report some errors under the generic SQLState HY000; their error codes are sorted by hand: 1366
 * (incorrect value for a column), 1292 (incorrect date/time), 3140 (invalid JSON) and 4025 (CHECK failed) are data,
 * 1205 (lock wait timeout) is transient.</li>
 * <li>{@link Kind#OTHER}: everything else, e.g. class 42 (the table or a column was changed under us). No row is
 * to blame: the exchange fails.</li>
 * </ul>
 */
final class SqlErrors {

    enum Kind { DATA, TRANSIENT, OTHER }

    private static final Set<Integer> MARIADB_DATA = Set.of(1366, 1292, 3140, 4025);
    private static final Set<Integer> MARIADB_TRANSIENT = Set.of(1205);

    private SqlErrors() {
    }

    static Kind classify(SQLException e) {
        for (SQLException cause = e; cause != null; cause = next(cause)) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return Kind.TRANSIENT;
            }
            String state = cause.getSQLState();
            if ("HY000".equals(state) && MARIADB_DATA.contains(cause.getErrorCode())) {
                return Kind.DATA;
            }
            if ("HY000".equals(state) && MARIADB_TRANSIENT.contains(cause.getErrorCode())) {
                return Kind.TRANSIENT;
            }
            if (state != null && state.length() >= 2) {
                return classify(state);
            }
        }
        return Kind.OTHER;
    }

    static Kind classify(String sqlState) {
        String stateClass = sqlState.substring(0, 2);
        switch (stateClass) {
            case "22":
            case "23":
                return Kind.DATA;
            case "08":
            case "40":
            case "53":
            case "57":
                return Kind.TRANSIENT;
            default:
                return Kind.OTHER;
        }
    }

    /** The first line of the error, as the database said it: what goes with a rejected row. */
    static String message(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).trim();
        return e.getSQLState() == null ? first : first + " [SQLState " + e.getSQLState() + "]";
    }

    private static SQLException next(SQLException e) {
        if (e.getNextException() != null && e.getNextException() != e) {
            return e.getNextException();
        }
        return e.getCause() instanceof SQLException && e.getCause() != e ? (SQLException) e.getCause() : null;
    }
}
