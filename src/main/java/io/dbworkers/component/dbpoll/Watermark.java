package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;

/**
 * How far polling may read without missing a row that an open transaction will commit later.
 * <ul>
 * <li>{@code transactions}: never past the start of the oldest transaction still open. A row stamped with
 * {@code now()}/{@code CURRENT_TIMESTAMP} cannot be older than its transaction, so every row older than the bound is
 * already committed. The bound is read in its own statement, before the data query takes its snapshot. PostgreSQL
 * reads {@code pg_stat_activity} (needs {@code pg_read_all_stats}), MariaDB/MySQL {@code information_schema.INNODB_TRX}
 * (needs {@code PROCESS}).</li>
 * <li>{@code lag}: everything up to now, and on each poll the last {@code safetyLag} again, delivering only rows not
 * delivered before. A row that commits later than {@code safetyLag} after its timestamp is missed.</li>
 * </ul>
 */
abstract class Watermark {

    private static final Logger LOG = LoggerFactory.getLogger(Watermark.class);

    static final String AUTO = "auto";
    static final String TRANSACTIONS = "transactions";
    static final String LAG = "lag";

    /** The exclusive upper bound for {@code ts < ?}, or null when the mode reads up to now with a look-back. */
    abstract Object bound(Connection connection) throws SQLException;

    /** The look-back window, or null when the mode needs none. */
    abstract Duration lookBack();

    abstract String describe();

    static Watermark choose(Connection connection, Dialect dialect, String mode, Duration safetyLag, String where)
            throws SQLException {
        if (LAG.equals(mode)) {
            return new Lag(safetyLag);
        }
        String problem;
        Transactions transactions = switch (dialect) {
            case POSTGRESQL -> new Transactions("SELECT LEAST(statement_timestamp(), MIN(xact_start))"
                    + " FROM pg_stat_activity WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()"
                    + " AND backend_type = 'client backend'", OffsetDateTime.class);
            // trx_started has whole seconds and is set a moment after the statement's NOW(): one second of margin
            case MARIADB -> new Transactions("SELECT LEAST(NOW(6), COALESCE((SELECT MIN(trx_started)"
                    + " FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id <> CONNECTION_ID())"
                    + " - INTERVAL 1 SECOND, NOW(6)))", LocalDateTime.class);
            default -> null;
        };
        if (transactions == null) {
            problem = dialect + " cannot tell when its open transactions started";
        } else {
            problem = transactions.privilegeProblem(connection, dialect);
        }
        if (problem == null) {
            return transactions;
        }
        if (TRANSACTIONS.equals(mode)) {
            throw new ConfigurationException("watermark", "'transactions' is not possible for " + where + ": "
                    + problem);
        }
        LOG.warn("{}: {}; using a safety lag of {} ms instead (rows committed later than that after their timestamp"
                + " are missed)", where, problem, safetyLag.toMillis());
        return new Lag(safetyLag);
    }

    static final class Transactions extends Watermark {
        private final String sql;
        private final Class<?> type;

        Transactions(String sql, Class<?> type) {
            this.sql = sql;
            this.type = type;
        }

        String privilegeProblem(Connection connection, Dialect dialect) {
            try (Statement s = connection.createStatement()) {
                if (dialect == Dialect.POSTGRESQL) {
                    try (ResultSet rs = s.executeQuery("SELECT pg_has_role('pg_read_all_stats', 'USAGE')")) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            return "the user cannot see other sessions' transactions (GRANT pg_read_all_stats TO"
                                    + " the capture user)";
                        }
                    }
                }
                bound(connection);
                return null;
            } catch (SQLException e) {
                return "the user cannot read open transactions (" + e.getMessage().lines().findFirst().orElse("")
                        + "; on MariaDB/MySQL GRANT PROCESS to the capture user)";
            }
        }

        @Override
        Object bound(Connection connection) throws SQLException {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getObject(1, type);
            }
        }

        @Override
        Duration lookBack() {
            return null;
        }

        @Override
        String describe() {
            return "behind the oldest open transaction";
        }
    }

    static final class Lag extends Watermark {
        private final Duration lag;

        Lag(Duration lag) {
            this.lag = lag;
        }

        @Override
        Object bound(Connection connection) {
            return null;
        }

        @Override
        Duration lookBack() {
            return lag;
        }

        @Override
        String describe() {
            return "safety lag " + lag.toMillis() + " ms";
        }
    }
}
