package io.dbworkers.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.postgresql.PGConnection;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;

/**
 * db-poll against PostgreSQL, next to the physical limit measured in the same run:
 * <ol>
 * <li>catch-up: 1,000,000 rows already in the table, read by db-poll (batches of 10,000) vs. {@code COPY (SELECT *)
 * TO STDOUT} of the same rows over the same JDBC connection path;</li>
 * <li>detection latency: a writer commits rows at a steady rate; the time from each commit to the processor seeing
 * the row, p50/p99, with the poll interval given.</li>
 * </ol>
 * Run by {@code bench/db-poll.sh}.
 */
public final class DbPollBenchmark {

    public static void main(String[] args) throws Exception {
        String db = System.getProperty("db", "bench_db_poll");
        int rows = Integer.getInteger("rows", 1_000_000);
        int rate = Integer.getInteger("rate", 500);
        int seconds = Integer.getInteger("seconds", 20);
        long delay = Long.getLong("delay", 100);
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db);
        }
        String url = "jdbc:postgresql://127.0.0.1:5432/" + db + System.getProperty("urlParams", "");
        try (HikariDataSource ds = DataSources.pool("bench", new ConnectionUrl(url, "postgres", null), 4)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE events (id BIGSERIAL PRIMARY KEY, device TEXT NOT NULL, reading NUMERIC(10,2),"
                        + " note TEXT, updated_at TIMESTAMP NOT NULL DEFAULT now())");
                s.execute("INSERT INTO events (device, reading, note, updated_at) SELECT 'device-' || (g % 100),"
                        + " (g % 10000) / 100.0, md5(g::text), timestamp '2026-01-01' + g * interval '1 millisecond'"
                        + " FROM generate_series(1, " + rows + ") g");
                s.execute("CREATE INDEX events_cursor ON events (updated_at, id)");
                s.execute("VACUUM ANALYZE events");
            }
            System.out.printf("table: %,d rows%n", rows);
            double copyRate = copyRate(ds, rows);
            double pollRate = catchUp(ds, rows);
            System.out.printf("catch-up  COPY (SELECT *) TO STDOUT: %,10.0f rows/s%n", copyRate);
            System.out.printf("catch-up  db-poll batch=10000:       %,10.0f rows/s  (%.0f%% of COPY; goal >= 50%%)%n",
                    pollRate, 100 * pollRate / copyRate);
            latency(ds, rate, seconds, delay);
        }
    }

    private static double copyRate(HikariDataSource ds, int rows) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            try (Connection c = ds.getConnection()) {
                long start = System.nanoTime();
                long copied = c.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("COPY (SELECT * FROM events ORDER BY updated_at, id) TO STDOUT",
                                OutputStream.nullOutputStream());
                best = Math.min(best, System.nanoTime() - start);
                if (copied != rows) {
                    throw new IllegalStateException("COPY returned " + copied + " rows");
                }
            }
        }
        return rows / (best / 1e9);
    }

    private static double catchUp(HikariDataSource ds, int rows) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            Path offsets = Files.createTempFile("bench-offsets", ".json");
            Files.delete(offsets);
            AtomicLong seen = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            try (CamelContext context = new DefaultCamelContext()) {
                context.getRegistry().bind("ds", ds);
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("db-poll:events?dataSource=#ds&timestampColumn=updated_at&batch=true&batchSize=10000"
                                + "&delay=1000&offsetFile=" + offsets).process(e -> {
                                    List<?> batch = e.getMessage().getBody(List.class);
                                    if (seen.addAndGet(batch.size()) >= rows) {
                                        done.countDown();
                                    }
                                });
                    }
                });
                long start = System.nanoTime();
                context.start();
                if (!done.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("db-poll read only " + seen.get() + " rows");
                }
                best = Math.min(best, System.nanoTime() - start);
            }
            Files.deleteIfExists(offsets);
        }
        return rows / (best / 1e9);
    }

    private static void latency(HikariDataSource ds, int rate, int seconds, long delay) throws Exception {
        Map<Long, Long> committedAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Path offsets = Files.createTempFile("bench-offsets", ".json");
        Files.delete(offsets);
        long maxId;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(id) FROM events")) {
            rs.next();
            maxId = rs.getLong(1);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // start the poller at the end of the table: only the new rows count
            s.execute("UPDATE events SET updated_at = timestamp '2026-01-01' WHERE false");
        }
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("ds", ds);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("db-poll:events?dataSource=#ds&timestampColumn=updated_at&batchSize=1000&delay=" + delay
                            + "&offsetFile=" + offsets).process(e -> {
                                long now = System.nanoTime();
                                DatabaseChange change = e.getMessage().getBody(DatabaseChange.class);
                                long id = ((Number) change.primaryKey().get("id")).longValue();
                                if (id > maxId) {
                                    Long at = committedAt.get(id);
                                    latencies.add(at == null ? 0 : now - at);
                                }
                            });
                }
            });
            context.start();
            // wait until the poller caught up with the pre-filled rows
            while (context.getRouteController().getRouteStatus(context.getRoutes().get(0).getRouteId()).isStarted()
                    && latenciesReady(ds, offsets)) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO events (device, reading) VALUES ('live', 1)",
                         Statement.RETURN_GENERATED_KEYS)) {
                long intervalNanos = 1_000_000_000L / rate;
                long next = System.nanoTime();
                long end = next + seconds * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    ps.executeUpdate();
                    long committed = System.nanoTime();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        committedAt.put(keys.getLong(1), committed);
                    }
                    next += intervalNanos;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (latencies.size() < committedAt.size() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("latency   %d rows at %d rows/s, delay=%d ms: delivered %d, p50 %.0f ms, p99 %.0f ms,"
                        + " max %.0f ms  (goal p99 <= delay + 100 ms = %d ms)%n",
                committedAt.size(), rate, delay, sorted.size(), pct(sorted, 0.50), pct(sorted, 0.99),
                pct(sorted, 1.0), delay + 100);
    }

    /** True while the poller has not yet saved an offset at the last pre-filled row. */
    private static boolean latenciesReady(HikariDataSource ds, Path offsets) throws Exception {
        return !Files.exists(offsets) || !Files.readString(offsets).contains("2026-01-01T00:16:40");
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(index, 0)) / 1e6;
    }
}
