package io.dbworkers.component.pgq;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Streams one batch's events, in chunks of {@code fetchSize}, on a second thread and a connection of its own: one
 * {@code COPY (<pgq.batch_event_sql>) TO STDOUT (FORMAT binary)} per batch, the statement PgQ's own
 * {@code get_batch_cursor} would declare its cursor for, decoded by {@link CopyEvents}. No round trip per chunk, and
 * the consumer's connection (retries, trigger events' tables, finish_batch) is never used by two threads. The reading
 * stays at most two chunks ahead of the route (the server's rows wait in the socket), so memory is a few chunks
 * whatever the batch's size. The connection is in autocommit: the batch's events are committed (its ticks say so)
 * and stay until the batch is finished, which reads only them. A COPY left unfinished (a failed batch, a stop) is
 * ended by closing that connection.
 */
final class BatchStream implements AutoCloseable {

    private static final int AHEAD = 2;
    private static final long CLOSE_WAIT_SECONDS = 30;

    private record Chunk(List<PgqEvent> events, boolean last) {
    }

    private final DataSource dataSource;
    private final Connection connection;
    private final ExecutorService reader;
    private final int fetchSize;
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(AHEAD);
    private volatile boolean cancelled;
    private volatile boolean aborted;
    private Future<?> task;
    private boolean last = true;

    BatchStream(DataSource dataSource, ExecutorService reader, int fetchSize) throws SQLException {
        this.dataSource = dataSource;
        this.connection = dataSource.getConnection();
        this.reader = reader;
        this.fetchSize = fetchSize;
        connection.setAutoCommit(true);
    }

    /** Starts reading the batch whose events {@code eventSql} selects; {@link #next()} then returns its chunks. */
    void open(String eventSql) {
        chunks.clear();
        last = false;
        String copy = "copy (" + eventSql + ") to stdout (format binary)";
        task = reader.submit(() -> read(copy));
    }

    /** The next chunk, empty after the batch's last. */
    List<PgqEvent> next() throws Exception {
        if (last) {
            return List.of();
        }
        Object item = chunks.take();
        if (item instanceof Throwable failure) {
            last = true;
            throw failure instanceof Exception e ? e : new ExecutionException(failure);
        }
        Chunk chunk = (Chunk) item;
        last = chunk.last();
        if (last) {
            await(task); // the COPY has ended: the connection is free for the next batch
        }
        return chunk.events();
    }

    /** Whether the chunk {@link #next()} returned last is the batch's last one. */
    boolean atEnd() {
        return last;
    }

    private void read(String copySql) {
        CopyOut copy = null;
        try {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql);
            CopyEvents events = new CopyEvents(copy);
            List<PgqEvent> pending = null;
            List<PgqEvent> chunk = new ArrayList<>(fetchSize);
            for (PgqEvent event = events.next(); event != null; event = events.next()) {
                chunk.add(event);
                if (chunk.size() == fetchSize) {
                    // held back until the next row or the end says whether it is the batch's last chunk
                    if (pending != null && !put(new Chunk(pending, false))) {
                        return;
                    }
                    pending = chunk;
                    chunk = new ArrayList<>(fetchSize);
                }
            }
            if (pending != null && !chunk.isEmpty() && !put(new Chunk(pending, false))) {
                return;
            }
            put(new Chunk(chunk.isEmpty() && pending != null ? pending : chunk, true));
        } catch (Throwable e) {
            put(e);
        } finally {
            if (copy != null && copy.isActive()) {
                abortConnection();
            }
        }
    }

    /** Hands an item to the consumer's thread; false once the batch is given up. */
    private boolean put(Object item) {
        try {
            while (!chunks.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    return false;
                }
            }
            return !cancelled;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void abortConnection() {
        aborted = true;
        try {
            ((Connection) connection.unwrap(PGConnection.class)).abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // the pool finds it closed
        }
    }

    private static void await(Future<?> future) throws Exception {
        try {
            future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Gives up a batch still being read (its COPY ends with the connection) and returns the connection. */
    @Override
    public void close() throws SQLException {
        if (task != null && !task.isDone()) {
            cancelled = true;
            chunks.clear();
            try {
                task.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // given up either way
            }
            abortConnection();
        }
        if (aborted) {
            if (dataSource instanceof HikariDataSource pool) {
                pool.evictConnection(connection);
                return;
            }
        }
        connection.close();
    }
}
