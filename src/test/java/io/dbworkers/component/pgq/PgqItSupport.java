package io.dbworkers.component.pgq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.it.ItSupport;

/** A fresh database with the pgq extension per test class, and ticks driven by hand where a test wants them now. */
abstract class PgqItSupport extends ItSupport {

    /** The database of the test class, with the pgq extension and the queue {@code queue}. */
    static HikariDataSource freshQueue(Class<?> testClass, String queue) {
        HikariDataSource db = freshPostgres(testClass);
        execute(db, "CREATE EXTENSION pgq");
        query(db, "select pgq.create_queue('" + queue + "')");
        return db;
    }

    /**
     * Makes everything committed so far part of a batch: moves due retries back into the queue and ticks at once
     * instead of waiting for pgqd's next round.
     */
    static void tick(DataSource db, String queue) {
        query(db, "select pgq.maint_retry_events()");
        query(db, "select pgq.force_tick('" + queue + "')");
        query(db, "select pgq.ticker('" + queue + "')");
    }

    /** Whether the consumer has finished the batch up to the queue's last tick. */
    static boolean caughtUp(DataSource db, String queue, String consumer) {
        return scalar(db, "select count(*) from pgq.get_consumer_info('" + queue + "', '" + consumer + "') i"
                + " where i.current_batch is null and i.last_tick = (select max(t.tick_id) from pgq.tick t"
                + " join pgq.queue q on q.queue_id = t.tick_queue where q.queue_name = '" + queue + "')") == 1;
    }

    static long scalar(DataSource db, String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static void query(DataSource db, String sql) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
