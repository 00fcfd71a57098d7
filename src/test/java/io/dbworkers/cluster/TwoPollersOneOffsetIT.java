package io.dbworkers.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.CapturedLog;
import io.dbworkers.it.ItSupport;
import io.dbworkers.offset.JdbcOffsetStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one singleton db-poll route overlap for a while (the old leader still polls when the new one
 * starts, as in a split brain), on one JDBC offset, while rows are written: the offset never moves backwards (every
 * value it took is recorded by a trigger), no row is lost, and the instance that is behind, whose save loses the
 * compare-and-set, goes on from the other's offset. The old instance is slow (10 ms per row) and the new one starts
 * from the old one's offset, so their saves interleave: without compare-and-set the one behind would put the offset
 * back (checked by hand: the history assertion fails then).
 */
class TwoPollersOneOffsetIT extends ItSupport {

    private static final int ROWS = 600;
    private static final Pattern KEY = Pattern.compile("\"key\":\\[\\[\"[a-z]+\",\"(\\d+)\"\\]\\]");
    private static HikariDataSource db;

    @BeforeAll
    static void schema() {
        db = freshPostgres(TwoPollersOneOffsetIT.class);
        execute(db, "CREATE TABLE events (id BIGSERIAL PRIMARY KEY,"
                        + " updated_at TIMESTAMP NOT NULL DEFAULT clock_timestamp())",
                // the store's own table, made here first to record every value the offset takes
                "CREATE TABLE db_offsets (offset_key VARCHAR(255) PRIMARY KEY, offset_value TEXT NOT NULL,"
                        + " updated_at TIMESTAMP NOT NULL)",
                "CREATE TABLE offset_history (seq BIGSERIAL PRIMARY KEY, offset_value TEXT NOT NULL)",
                "CREATE FUNCTION record_offset() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO offset_history (offset_value) VALUES (NEW.offset_value); RETURN NEW; END $$",
                "CREATE TRIGGER record_offset AFTER INSERT OR UPDATE ON db_offsets FOR EACH ROW"
                        + " EXECUTE FUNCTION record_offset()");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void overlappingInstancesNeverMoveTheOffsetBackAndLoseNothing() throws Exception {
        List<Long> byOld = new CopyOnWriteArrayList<>();
        List<Long> byNew = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < ROWS && writing.get(); i++) {
                    execute(db, "INSERT INTO events DEFAULT VALUES");
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "writer");
        try (CapturedLog log = new CapturedLog(); CamelContext old = poller("old", 10, byOld);
             CamelContext next = poller("new", 0, byNew)) {
            int mark = log.mark();
            writer.start();
            old.start();
            await("the old instance polls").atMost(Duration.ofSeconds(90)).until(() -> byOld.size() >= 60);
            next.start();
            // whichever instance is behind loses the compare-and-set and goes on from the other's offset
            await("both poll until a save loses").atMost(Duration.ofSeconds(90))
                    .until(() -> !byNew.isEmpty() && countConflicts(log, mark) >= 1);
            old.stop();
            writer.join(Duration.ofSeconds(120).toMillis());
            assertThat(writer.isAlive()).as("the writer finished").isFalse();

            await("every row delivered").atMost(Duration.ofSeconds(90)).until(() -> {
                Set<Long> all = new HashSet<>(byOld);
                all.addAll(byNew);
                return all.size() == ROWS;
            });
            Set<Long> all = new HashSet<>(byOld);
            all.addAll(byNew);
            assertThat(all).hasSize(ROWS);
            assertThat(all).allMatch(id -> id >= 1 && id <= ROWS);

            List<Long> history = offsetHistory();
            assertThat(history).as("offsets saved").hasSizeGreaterThan(2);
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i)).as("offset %d of %s never behind the one before", i, history)
                        .isGreaterThanOrEqualTo(history.get(i - 1));
            }
            await("the offset reaches the last row").atMost(Duration.ofSeconds(60))
                    .until(() -> offsetHistory().get(offsetHistory().size() - 1) == ROWS);
        } finally {
            writing.set(false);
            writer.join(Duration.ofSeconds(30).toMillis());
        }
    }

    private static long countConflicts(CapturedLog log, int mark) {
        return log.linesSince(mark).stream().filter(l -> l.contains("was moved by another instance")).count();
    }

    /** One instance of the singleton route: its own offset store object on the shared table, its own pace. */
    private static CamelContext poller(String name, long millisPerRow, List<Long> delivered) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("db", db);
        context.getRegistry().bind("offsets", new JdbcOffsetStore(db, "db_offsets"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("db-poll:events?dataSource=#db&timestampColumn=updated_at&offsetStore=#offsets&delay=50"
                        + "&batchSize=20").routeId("events-" + name)
                        .process(e -> {
                            if (millisPerRow > 0) {
                                Thread.sleep(millisPerRow);
                            }
                            Object id = e.getMessage().getBody(DatabaseChange.class).primaryKey().get("id");
                            delivered.add(((Number) id).longValue());
                        });
            }
        });
        return context;
    }

    /** The row id of every offset value saved, in the order they were saved. */
    private static List<Long> offsetHistory() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT offset_value FROM offset_history ORDER BY seq")) {
            while (rs.next()) {
                Matcher m = KEY.matcher(rs.getString(1));
                assertThat(m.find()).as("a key in %s", rs.getString(1)).isTrue();
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        return ids;
    }
}
