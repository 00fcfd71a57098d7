package io.dbworkers.component.pgq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

import io.dbworkers.config.ConfigurationException;

/**
 * The pgq.* functions one consumer calls, on a connection whose transaction the caller owns. Queue and consumer names
 * are always bound parameters. The batch's events are read by {@link BatchStream}, with the statement
 * {@link #eventSql} returns.
 */
final class PgqQueue {

    /** The start of every statement pgq.batch_event_sql returns: its columns are pgq.event_template's. */
    private static final String EVENT_COLUMNS = "select ev_id, ev_time, ev_txid, ev_retry, ev_type, ev_data,"
                                                + " ev_extra1, ev_extra2, ev_extra3, ev_extra4 ";

    private final String queue;
    private final String consumer;

    PgqQueue(String queue, String consumer) {
        this.queue = queue;
        this.consumer = consumer;
    }

    /**
     * Checks that the extension and the queue are there and the consumer is registered, creating the queue and
     * registering when asked; commits. Errors name the queue and the database.
     */
    void prepare(Connection c, boolean createQueue, boolean register) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        if (!"PostgreSQL".equals(product)) {
            throw new ConfigurationException("pgq:" + queue, "PgQ needs PostgreSQL, the dataSource is " + product
                    + " (set DATABASE_URL)");
        }
        String database = scalarText(c, "select current_database()");
        if (scalarText(c, "select extname from pg_extension where extname = 'pgq'") == null) {
            throw new ConfigurationException("pgq:" + queue, "the pgq extension is not installed in database "
                    + database + " (CREATE EXTENSION pgq)");
        }
        if (scalarText(c, "select queue_name from pgq.queue where queue_name = ?", queue) == null) {
            if (!createQueue) {
                throw new ConfigurationException("pgq:" + queue, "queue '" + queue + "' does not exist in database "
                        + database + " (select pgq.create_queue('" + queue + "'), or createQueue=true)");
            }
            scalarText(c, "select pgq.create_queue(?)::text", queue);
        }
        if (scalarText(c, "select consumer_name from pgq.get_consumer_info(?) where consumer_name = ?", queue,
                consumer) == null) {
            if (!register) {
                throw new ConfigurationException("pgq:" + queue, "consumer '" + consumer + "' is not registered on"
                        + " queue '" + queue + "' in database " + database + " (register=true registers it)");
            }
            scalarText(c, "select pgq.register_consumer(?, ?)::text", queue, consumer);
        }
        c.commit();
    }

    /** The next batch's id, or null when there is none yet; millisecond options of 0 are not applied. */
    Long nextBatch(Connection c, long minLagMs, int minCount, long minIntervalMs) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select batch_id from pgq.next_batch_custom(?, ?, ? * interval '1 millisecond', cast(? as int),"
                + " ? * interval '1 millisecond')")) {
            s.setString(1, queue);
            s.setString(2, consumer);
            setPositive(s, 3, minLagMs);
            setPositive(s, 4, minCount);
            setPositive(s, 5, minIntervalMs);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? null : id;
            }
        }
    }

    /**
     * The statement that selects the batch's events, as {@code pgq.batch_event_sql} builds it for
     * {@code get_batch_cursor} (from ids and PgQ's own table names, nothing of a user's), checked to be that one
     * select of the ten event columns.
     */
    String eventSql(Connection c, long batchId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pgq.batch_event_sql(?)")) {
            s.setLong(1, batchId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String sql = rs.getString(1);
                if (sql == null || !sql.startsWith(EVENT_COLUMNS) || sql.indexOf(';') >= 0) {
                    throw new SQLException("pgq.batch_event_sql(" + batchId + ") returned a statement this consumer"
                            + " does not know: " + sql);
                }
                return sql;
            }
        }
    }

    /** Puts the event into the retry queue; PgQ inserts it again after the delay. */
    void retry(Connection c, long batchId, long eventId, int delaySeconds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pgq.event_retry(?, ?, ?)")) {
            s.setLong(1, batchId);
            s.setLong(2, eventId);
            s.setInt(3, delaySeconds);
            s.executeQuery().close();
        }
    }

    /** Finishes the batch; the caller commits. */
    void finish(Connection c, long batchId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pgq.finish_batch(?)")) {
            s.setLong(1, batchId);
            s.executeQuery().close();
        }
    }

    /** This consumer's lag in seconds and its pending events, from pgq.get_consumer_info; null when unregistered. */
    long[] lagAndPending(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select extract(epoch from lag)::bigint, pending_events"
                                                      + " from pgq.get_consumer_info(?, ?)")) {
            s.setString(1, queue);
            s.setString(2, consumer);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
            }
        }
    }

    private static void setPositive(PreparedStatement s, int index, long value) throws SQLException {
        if (value > 0) {
            s.setLong(index, value);
        } else {
            s.setNull(index, Types.BIGINT);
        }
    }

    private static String scalarText(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
