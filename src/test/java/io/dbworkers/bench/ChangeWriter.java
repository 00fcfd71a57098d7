package io.dbworkers.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Commits mixed changes to {@code items}: per transaction half inserts, 30% updates of live rows, 20% deletes of the
 * oldest; as fast as it can, or paced at a number of changes per second.
 */
final class ChangeWriter {

    private final String url;
    private final Deque<Long> live = new ArrayDeque<>();
    private final int[] mix = new int[3];
    private long nextId = 1;

    ChangeWriter(String url) {
        this.url = url;
    }

    /** Commits the changes and returns the LSN after the last commit. */
    String write(int changes, int txSize, int rate) throws Exception {
        long startNanos = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             PreparedStatement insert = c.prepareStatement("INSERT INTO items (id, qty, note) VALUES (?, ?, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE items SET qty = qty + 1, updated_at = now()"
                                                           + " WHERE id = ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
            c.setAutoCommit(false);
            int done = 0;
            while (done < changes) {
                int size = Math.min(txSize, changes - done);
                int deletes = Math.min(size / 5, Math.max(0, live.size() - size));
                int updates = Math.min(size * 3 / 10, live.size() - deletes);
                int inserts = size - deletes - updates;
                Long[] ids = live.toArray(new Long[0]);
                for (int i = 0; i < inserts; i++) {
                    insert.setLong(1, nextId);
                    insert.setInt(2, (int) (nextId % 100));
                    insert.setString(3, "item " + nextId + " of the benchmark, a note of a realistic length");
                    insert.addBatch();
                    live.addLast(nextId++);
                }
                for (int i = 0; i < updates; i++) {
                    update.setLong(1, ids[ids.length - 1 - i]);
                    update.addBatch();
                }
                for (int i = 0; i < deletes; i++) {
                    delete.setLong(1, live.removeFirst());
                    delete.addBatch();
                }
                insert.executeBatch();
                update.executeBatch();
                delete.executeBatch();
                c.commit();
                mix[0] += inserts;
                mix[1] += updates;
                mix[2] += deletes;
                done += size;
                if (rate > 0) {
                    long wait = startNanos + (long) (done * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    String mix() {
        return mix[0] + " inserts, " + mix[1] + " updates, " + mix[2] + " deletes";
    }
}
