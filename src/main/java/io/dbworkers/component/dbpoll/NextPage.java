package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import javax.sql.DataSource;

/**
 * The pages of one poll of one table, in cursor order. In transactions mode the next page's query runs on the prefetch
 * thread as soon as a full page is received (its last row is the next cursor), so the database works on page n+1
 * while this thread decodes page n and the route processes it. A page read ahead is thrown away (its connection
 * closed) when the poll stops early; nothing read ahead is ever delivered out of turn. In lag mode each page depends
 * on what was delivered before, so it is read when asked for.
 */
final class NextPage implements AutoCloseable {

    private final DataSource dataSource;
    private final ExecutorService prefetch;
    private final TableState state;
    private final int limit;
    private Future<PageReader.Received> pending;

    NextPage(DataSource dataSource, ExecutorService prefetch, TableState state, int limit) {
        this.dataSource = dataSource;
        this.prefetch = prefetch;
        this.state = state;
        this.limit = limit;
    }

    /** The next page after the table's cursor (which the caller advanced past every page delivered so far). */
    PageReader.Page next() throws Exception {
        if (state.watermark.lookBack() != null) {
            try (Connection connection = dataSource.getConnection()) {
                return PageReader.readAgain(connection, state.table, state.watermark, state.cursor, limit);
            }
        }
        PageReader.Received received;
        if (pending != null) {
            received = take(pending);
            pending = null;
        } else {
            received = PageReader.receive(dataSource, state.table, state.watermark, state.cursor, limit);
        }
        if (received.size >= limit) {
            Cursor after = received.last;
            pending = prefetch.submit(() -> PageReader.receive(dataSource, state.table, state.watermark, after,
                    limit));
        }
        return received.decode(state.table);
    }

    /** Waits for the page read ahead, if any, and closes it unread. */
    @Override
    public void close() throws SQLException {
        if (pending != null) {
            Future<PageReader.Received> ahead = pending;
            pending = null;
            try {
                take(ahead).close();
            } catch (Exception e) {
                // the page was not needed; its failure does not matter
            }
        }
    }

    private static PageReader.Received take(Future<PageReader.Received> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
