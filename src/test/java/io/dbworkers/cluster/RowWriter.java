package io.dbworkers.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

/**
 * Inserts rows into {@code source} one transaction at a time, one every few milliseconds, until stopped: the steady
 * stream of writes during which the leader is killed or stopped. One writer in one session, so ids and
 * {@code updated_at} (the transaction start) grow together and the poller's cursor order is the id order.
 */
final class RowWriter implements AutoCloseable {

    private final DataSource dataSource;
    private final long pauseMillis;
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    private RowWriter(DataSource dataSource, long pauseMillis) {
        this.dataSource = dataSource;
        this.pauseMillis = pauseMillis;
        this.thread = new Thread(this::write, "row-writer");
        thread.setDaemon(true);
    }

    static RowWriter start(DataSource dataSource, long pauseMillis) {
        RowWriter writer = new RowWriter(dataSource, pauseMillis);
        writer.thread.start();
        return writer;
    }

    long written() {
        return written.get();
    }

    private void write() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO source (payload) VALUES (?)")) {
            c.setAutoCommit(true);
            while (running) {
                insert.setString(1, "row " + written.get());
                insert.executeUpdate();
                written.incrementAndGet();
                TimeUnit.MILLISECONDS.sleep(pauseMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    /** Stops writing and returns how many rows were written; fails if the writer failed. */
    long stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (failure.get() != null) {
            throw new IllegalStateException("the writer failed after " + written.get() + " rows", failure.get());
        }
        return written.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }
}
