package io.dbworkers.component.pgq;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.dbworkers.support.ScopedDataSource;

/**
 * Batch-exact delivery, after Skytools' {@code pgq_ext}: one transaction on the target database per PgQ batch, which
 * holds the route's writes and the batch id ({@value #TABLE}), committed before {@code pgq.finish_batch}. A batch
 * that comes again after a crash between the two is found there and skipped, so nothing is written twice. The price:
 * the route must write through this DataSource (bound in the registry under the endpoint's {@code exactTargetBean}),
 * on the consumer's thread, and the target holds one transaction open for the whole batch.
 * <p>
 * Handed to the route, the batch's connection turns its transactions into savepoints: {@code commit()} keeps what was
 * written so far in the batch, {@code rollback()} undoes what the route wrote since, {@code close()} returns nothing.
 * An exchange that fails is rolled back to where it started, so a retried or dead-lettered event leaves no rows.
 */
final class BatchTarget implements ScopedDataSource {

    static final String TABLE = "pgq_completed_batch";

    private final DataSource target;
    private final String queue;
    private final String consumer;
    private Connection connection;
    private Connection view;
    private Savepoint exchangeStart;
    private Savepoint committed;

    BatchTarget(DataSource target, String queue, String consumer) {
        this.target = target;
        this.queue = queue;
        this.consumer = consumer;
    }

    /** Opens the batch's transaction; false when the batch was recorded already (then nothing is open). */
    boolean begin(long batchId) throws SQLException {
        connection = target.getConnection();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("create table if not exists " + TABLE + " (queue_name text not null, consumer_name text not"
                      + " null, last_batch_id bigint not null, primary key (queue_name, consumer_name))");
        }
        try (PreparedStatement s = connection.prepareStatement("select last_batch_id from " + TABLE
                                                               + " where queue_name = ? and consumer_name = ?")) {
            s.setString(1, queue);
            s.setString(2, consumer);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getLong(1) == batchId) {
                    end(false);
                    return false;
                }
            }
        }
        view = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close", "setAutoCommit" -> null;
                    case "getAutoCommit" -> false;
                    case "isClosed" -> false;
                    case "commit" -> {
                        committed = connection.setSavepoint();
                        yield null;
                    }
                    case "rollback" -> {
                        if (args == null) {
                            connection.rollback(committed);
                            yield null;
                        }
                        yield invoke(method, args);
                    }
                    default -> invoke(method, args);
                });
        return true;
    }

    private Object invoke(java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    void beginExchange() throws SQLException {
        exchangeStart = connection.setSavepoint();
        committed = exchangeStart;
    }

    /** The exchange failed: what it wrote goes. */
    void undoExchange() throws SQLException {
        connection.rollback(exchangeStart);
    }

    /** Records the batch and commits the target's transaction. */
    void commit(long batchId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("insert into " + TABLE + " values (?, ?, ?) on conflict"
                + " (queue_name, consumer_name) do update set last_batch_id = excluded.last_batch_id")) {
            s.setString(1, queue);
            s.setString(2, consumer);
            s.setLong(3, batchId);
            s.executeUpdate();
        }
        end(true);
    }

    /** Ends the batch's transaction: committed, or rolled back (also after a failure). */
    void end(boolean commit) throws SQLException {
        Connection open = connection;
        connection = null;
        view = null;
        if (open == null) {
            return;
        }
        try (open) {
            if (commit) {
                open.commit();
            } else {
                open.rollback();
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection current = view;
        if (current == null) {
            throw new SQLException("the batch-exact target of pgq " + queue + " is only open while the consumer"
                                   + " delivers a batch, on its thread");
        }
        return current;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no logging of its own
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the target pool's timeout applies
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
