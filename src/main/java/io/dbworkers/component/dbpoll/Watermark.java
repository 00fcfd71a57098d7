package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Dialect;

/**
 * How far polling may read without missing a row that an open transaction will commit later.
 * <ul>
 * <li>{@code transactions}: never past the start of the oldest transaction still open. A row stamped with
 * {@code now()}/{@code CURRENT_TIMESTAMP} cannot be older than its transaction, so every row older than the bound is
 * already committed. The bound is read in its own statement, before the data query takes its snapshot. PostgreSQL
 * reads {@code pg_stat_activity} (needs {@code pg_read_all_stats}), MariaDB/MySQL {@code SHOW ENGINE INNODB STATUS}
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

    /** The mode in force, {@value #TRANSACTIONS} or {@value #LAG}, as health details and metrics show it. */
    abstract String mode();

    static Watermark choose(Connection connection, Dialect dialect, String mode, Duration safetyLag, String where)
            throws SQLException {
        if (LAG.equals(mode)) {
            return new Lag(safetyLag);
        }
        String problem;
        Transactions transactions = switch (dialect) {
            // only this database's sessions can write to the table
            case POSTGRESQL -> new Transactions("SELECT LEAST(statement_timestamp(), MIN(xact_start))"
                    + " FROM pg_stat_activity WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()"
                    + " AND backend_type = 'client backend' AND datname = current_database()", OffsetDateTime.class);
            case MARIADB -> new InnoDbTransactions();
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

    static class Transactions extends Watermark {
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

        @Override
        String mode() {
            return TRANSACTIONS;
        }
    }

    /**
     * MariaDB/MySQL: {@code information_schema.INNODB_TRX} is a cache that is refreshed only after 100 ms without
     * readers, so a poller reading it often sees it frozen and can miss a transaction that began since. {@code SHOW
     * ENGINE INNODB STATUS} is read fresh; it gives each open transaction's age in whole seconds ({@code ACTIVE N
     * sec}). The bound is now minus the oldest age minus two seconds (one for the rounding, one for the moment between
     * a statement taking {@code NOW()} and its transaction appearing), or now minus one second when none is open.
     */
    static final class InnoDbTransactions extends Transactions {
        private static final Pattern ACTIVE = Pattern.compile("^---TRANSACTION [^,]+, ACTIVE (?:\\([A-Z ]+\\) )?(\\d+) sec",
                Pattern.MULTILINE);

        InnoDbTransactions() {
            super(null, null);
        }

        @Override
        Object bound(Connection connection) throws SQLException {
            LocalDateTime now;
            String status;
            try (Statement s = connection.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT NOW(6)")) {
                    rs.next();
                    now = rs.getObject(1, LocalDateTime.class);
                }
                try (ResultSet rs = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
                    rs.next();
                    status = rs.getString("Status");
                }
            }
            if (status.contains("truncated")) {
                // the list of transactions may be incomplete: holding the watermark safely is not possible
                throw new SQLException("SHOW ENGINE INNODB STATUS was truncated (too many open transactions);"
                        + " db-poll holds its position until it is complete again");
            }
            return now.minusSeconds(oldestActiveSeconds(status).map(age -> age + 2).orElse(1L));
        }

        /** The age of the oldest open transaction, or empty when none is open. */
        static Optional<Long> oldestActiveSeconds(String status) {
            Matcher m = ACTIVE.matcher(status);
            Long oldest = null;
            while (m.find()) {
                long age = Long.parseLong(m.group(1));
                oldest = oldest == null ? age : Math.max(oldest, age);
            }
            return Optional.ofNullable(oldest);
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

        @Override
        String mode() {
            return LAG;
        }
    }
}
