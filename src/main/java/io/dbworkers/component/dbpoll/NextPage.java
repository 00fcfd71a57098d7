package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import javax.sql.DataSource;

/**
 * The pages of one poll of one table, in cursor order. In transactions mode the next page is read and decoded on
 * the prefetch thread as soon as a full page is read (its last row is the next cursor), while this thread builds the
 * changes of the current page and the route processes them. A page read ahead is dropped when the poll stops early;
 * nothing read ahead is ever delivered out of turn. In lag mode each page depends on what was delivered before, so
 * it is read when asked for.
 */
final class NextPage implements AutoCloseable {

    private final DataSource dataSource;
    private final ExecutorService prefetch;
    private final TableState state;
    private final int limit;
    private Future<List<Object[]>> pending;

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
        List<Object[]> rows;
        if (pending != null) {
            rows = take(pending);
            pending = null;
        } else {
            rows = PageReader.rows(dataSource, state.table, state.watermark, state.cursor, limit);
        }
        if (rows.size() >= limit) {
            Object[] last = rows.get(rows.size() - 1);
            Cursor after = new Cursor(state.table.timestampOf(last), state.table.keyOf(last), Map.of());
            pending = prefetch.submit(() -> PageReader.rows(dataSource, state.table, state.watermark, after, limit));
        }
        return PageReader.changes(state.table, rows);
    }

    /** Drops the page read ahead, if any: the poll stopped before it. */
    @Override
    public void close() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private static List<Object[]> take(Future<List<Object[]>> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
