package io.dbworkers.component.pgq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.postgresql.PGStatement;

/**
 * Reads one batch's events through its cursor, a chunk ahead of the route: while the route works on chunk N, chunk
 * N+2 is fetched on a second thread (N+1 is in hand already, which tells whether N is the batch's last). The
 * connection is never used by two threads at once: {@link #connection()} waits for the fetch in flight before the
 * consumer's thread uses it (a retry, a trigger event's table lookup). The {@code FETCH} is one prepared statement per
 * connection, server-prepared from its first use so that its results come in binary (ids, times, retries need no
 * parsing). Memory: at most three chunks.
 */
final class ChunkReader implements AutoCloseable {

    private static final List<PgqEvent> END = List.of();

    private final PgqQueue queue;
    private final Connection connection;
    private final ExecutorService fetcher;
    private final int fetchSize;
    private final PreparedStatement fetch;
    private List<PgqEvent> ahead = END;
    private Future<List<PgqEvent>> inFlight;
    private List<PgqEvent> fetched;

    ChunkReader(PgqQueue queue, Connection connection, ExecutorService fetcher, int fetchSize) throws SQLException {
        this.queue = queue;
        this.connection = connection;
        this.fetcher = fetcher;
        this.fetchSize = fetchSize;
        this.fetch = connection.prepareStatement("fetch " + fetchSize + " from " + PgqQueue.CURSOR);
        if (fetch.isWrapperFor(PGStatement.class)) {
            // -1: server-prepared at once, results in binary (the default waits for the 5th execution)
            fetch.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
    }

    /** Opens the batch's cursor; {@link #next()} then returns its chunks. */
    void open(long batchId) throws Exception {
        List<PgqEvent> first = queue.open(connection, batchId, fetchSize);
        ahead = first;
        fetched = null;
        inFlight = null;
        if (isFull(first)) {
            inFlight = fetcher.submit(() -> queue.fetch(fetch, fetchSize));
        }
    }

    /** The next chunk, empty at the end of the batch. */
    List<PgqEvent> next() throws Exception {
        List<PgqEvent> current = ahead;
        if (current.isEmpty()) {
            return END;
        }
        ahead = isFull(current) ? awaitFetch() : END;
        if (isFull(ahead)) {
            inFlight = fetcher.submit(() -> queue.fetch(fetch, fetchSize));
        }
        return current;
    }

    /** Whether the chunk {@link #next()} returned last is the batch's last one. */
    boolean atEnd() {
        return ahead.isEmpty();
    }

    /** The batch's connection, for the consumer's thread, once no fetch is in flight on it. */
    Connection connection() throws Exception {
        if (inFlight != null) {
            fetched = await(inFlight);
            inFlight = null;
        }
        return connection;
    }

    /** Closes the cursor; the batch's events are all read. */
    void closeCursor() throws Exception {
        queue.close(connection());
    }

    private List<PgqEvent> awaitFetch() throws Exception {
        connection();
        List<PgqEvent> chunk = fetched == null ? END : fetched;
        fetched = null;
        return chunk;
    }

    private boolean isFull(List<PgqEvent> chunk) {
        return chunk.size() >= fetchSize;
    }

    private static List<PgqEvent> await(Future<List<PgqEvent>> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Waits for a fetch still in flight (its result is dropped) and closes the prepared FETCH. */
    @Override
    public void close() throws SQLException {
        try {
            if (inFlight != null) {
                await(inFlight);
            }
        } catch (Exception e) {
            // the batch is rolled back anyway; the statement is closed below
        } finally {
            inFlight = null;
            fetch.close();
        }
    }
}
