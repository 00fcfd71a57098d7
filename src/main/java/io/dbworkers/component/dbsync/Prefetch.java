package io.dbworkers.component.dbsync;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full sync's source read on a thread of its own, one chunk ahead of the writer ({@link CopyPump}): the source
 * streams its next chunk while the target writes and commits the previous one, as the two ends of a pipe between two
 * processes do. Without it each side waits for the other at every chunk and the run takes the sum of both instead of
 * the longer one. A chunk is handed over directly (no queue): at most two chunks are in memory, the one being written
 * and the one being read, so memory stays bounded by the batch size. The reading thread is the only user of the
 * source connection from {@link #start} until {@link #close} returns; chunks are committed by the caller, in order,
 * so resuming works as without it.
 *
 * @param <T> a row as the reader produces it
 */
final class Prefetch<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Prefetch.class);

    /** Reads the source, handing over each full chunk (and the last, shorter one) in key order. */
    interface Reader<T> {
        void read(Sink<T> sink) throws Exception;
    }

    /** Where the reader puts its chunks; blocks while the writer is a chunk behind. */
    interface Sink<T> {
        void put(List<T> chunk) throws InterruptedException;
    }

    /** Stops the source's query from another thread (a server-side cancel), so that the reader returns. */
    interface Cancel {
        void cancel() throws SQLException;
    }

    /** A chunk, or the end (rows and failure null), or the reader's failure. */
    private record Item<T>(List<T> rows, Throwable failure) {
    }

    private final BlockingQueue<Item<T>> queue = new SynchronousQueue<>();
    private final Cancel cancel;
    private final Thread thread;
    private volatile boolean closed;
    private boolean ended;

    private Prefetch(String name, Reader<T> reader, Cancel cancel) {
        this.cancel = cancel;
        this.thread = new Thread(() -> read(reader), name);
        thread.setDaemon(true);
    }

    static <T> Prefetch<T> start(String name, Reader<T> reader, Cancel cancel) {
        Prefetch<T> prefetch = new Prefetch<>(name, reader, cancel);
        prefetch.thread.start();
        return prefetch;
    }

    private void read(Reader<T> reader) {
        Item<T> last;
        try {
            reader.read(this::put);
            last = new Item<>(null, null);
        } catch (Throwable e) {
            // any Throwable, an Error included, is the writer's to report: it stops the sync
            last = new Item<>(null, e);
        }
        if (closed) {
            return;
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(List<T> chunk) throws InterruptedException {
        if (closed) {
            throw new InterruptedException("the sync stopped writing");
        }
        queue.put(new Item<>(chunk, null));
    }

    /** The next chunk in key order; null after the last one. Throws what stopped the reader. */
    List<T> take() throws Exception {
        if (ended) {
            return null;
        }
        Item<T> item = queue.take();
        if (item.rows() != null) {
            return item.rows();
        }
        ended = true;
        Throwable failure = item.failure();
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return null;
    }

    /** Stops the reader when it has not finished (the writer failed) and waits until it has let go of the source. */
    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            closed = true;
            try {
                cancel.cancel();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("cancelling the source query failed: {}", e.toString());
            }
            thread.interrupt();
        }
        thread.join();
    }
}
