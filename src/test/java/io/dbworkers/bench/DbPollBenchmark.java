package io.dbworkers.bench;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import com.zaxxer.hikari.HikariDataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.postgresql.PGConnection;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;

/**
 * db-poll catch-up against PostgreSQL, next to the physical limit measured in the same run: 1,000,000 rows already in
 * the table (with the {@code (updated_at, id)} index), read by the jar as a user runs it (the launch command given in
 * {@code -Dlaunch}, a route file with a throughput-logging sink) with {@code batch=true} and with {@code batch=false},
 * against {@code COPY (SELECT * … ORDER BY updated_at, id) TO STDOUT} of the same rows over JDBC. The catch-up is
 * timed from the consumer's start (its "resuming from the first row" line) until the saved offset is the last row,
 * and from the launch; peak RSS is the jar's VmHWM. Then detection latency, in this JVM: a writer commits rows at a
 * steady rate ({@code -Drate}, for {@code -Dseconds}; 0 skips it) and a processor notes when it sees each row, with
 * the poll interval {@code -Ddelay}. Run by {@code bench/db-poll.sh}.
 */
public final class DbPollBenchmark {

    private static final String ROUTE = """
            - route:
                id: bench-db-poll
                from:
                  uri: db-poll:events
                  parameters:
                    timestampColumn: updated_at
                    watermark: transactions
                    batch: %s
                    batchSize: %d
                    initialDelay: 0
                    delay: 1000
                  steps:
                    - to: "log:db-poll-bench?groupInterval=5000"
            """;

    public static void main(String[] args) throws Exception {
        String db = System.getProperty("db", "bench_db_poll");
        int rows = Integer.getInteger("rows", 1_000_000);
        int batchSize = Integer.getInteger("batchSize", 10_000);
        int runs = Integer.getInteger("runs", 3);
        int rate = Integer.getInteger("rate", 500);
        int seconds = Integer.getInteger("seconds", 20);
        long delay = Long.getLong("delay", 100);
        List<String> launch = Arrays.asList(System.getProperty("launch", "java -jar target/db-workers.jar").split(" +"));
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db);
        }
        String url = "jdbc:postgresql://127.0.0.1:5432/" + db;
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id BIGSERIAL PRIMARY KEY, device TEXT NOT NULL, reading NUMERIC(10,2),"
                    + " note TEXT, updated_at TIMESTAMP NOT NULL DEFAULT now())");
            s.execute("INSERT INTO events (device, reading, note, updated_at) SELECT 'device-' || (g % 100),"
                    + " (g % 10000) / 100.0, md5(g::text), timestamp '2026-01-01' + g * interval '1 millisecond'"
                    + " FROM generate_series(1, " + rows + ") g");
            s.execute("CREATE INDEX events_cursor ON events (updated_at, id)");
            s.execute("VACUUM ANALYZE events");
        }
        System.out.printf("table: %,d rows; jar launched by: %s%n", rows, String.join(" ", launch));
        double copyRate = copyRate(url, rows, runs);
        System.out.printf("COPY (SELECT * ... ORDER BY updated_at, id) TO STDOUT: %,10.0f rows/s (best of %d)%n",
                copyRate, runs);
        String dbUrl = "postgresql://postgres@127.0.0.1:5432/" + db;
        for (String mode : System.getProperty("modes", "true,false").split(",")) {
            boolean batch = Boolean.parseBoolean(mode.trim());
            Run best = null;
            for (int i = 0; i < runs; i++) {
                Run run = catchUp(launch, dbUrl, batch, batchSize, rows);
                best = best == null || run.fromStart < best.fromStart ? run : best;
            }
            System.out.printf("db-poll batch=%-5s batchSize=%d: %,10.0f rows/s from the first read (%.2fx COPY),"
                            + " %,10.0f rows/s from launch (%.2fx); peak RSS %d MB; jar CPU %.1f s (best of %d)%n",
                    batch, batchSize, rows / best.fromStart, rows / best.fromStart / copyRate, rows / best.fromLaunch,
                    rows / best.fromLaunch / copyRate, best.peakRssKb / 1024, best.cpuSeconds, runs);
        }
        System.out.println("goal: batch=true >= 0.5x COPY, peak RSS <= 512 MB");
        if (seconds > 0) {
            // detection latency, in this JVM (a processor timestamps each row): commit to processor
            try (HikariDataSource ds = DataSources.pool("bench", new ConnectionUrl(url, "postgres", null), 4)) {
                latency(ds, rate, seconds, delay);
            }
        }
    }

    private static double copyRate(String url, int rows, int runs) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            try (Connection c = DriverManager.getConnection(url, "postgres", null)) {
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

    /** Seconds from the consumer's start and from the launch to the last offset, and the jar's peak RSS in kB. */
    private record Run(double fromStart, double fromLaunch, long peakRssKb, double cpuSeconds) {
    }

    private static Run catchUp(List<String> launch, String dbUrl, boolean batch, int batchSize, int rows)
            throws Exception {
        Path work = Files.createTempDirectory("bench-db-poll");
        Path routes = work.resolve("bench-db-poll.yaml");
        Files.writeString(routes, ROUTE.formatted(batch, batchSize));
        Path log = work.resolve("jar.log");
        List<String> command = new ArrayList<>(launch);
        command.add(routes.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DATABASE_URL", dbUrl);
        builder.environment().put("HTTP_PORT", Integer.toString(freePort()));
        long launched = System.nanoTime();
        Process jar = builder.start();
        try {
            long started = 0;
            long cpuAtStart = 0;
            long peak = 0;
            long deadline = launched + TimeUnit.MINUTES.toNanos(10);
            while (true) {
                long now = System.nanoTime();
                if (started == 0 && Files.readString(log).contains("resuming from the first row")) {
                    started = now;
                    cpuAtStart = cpuTicks(jar.toHandle());
                }
                peak = Math.max(peak, peakRssKb(jar.toHandle()));
                if (started != 0 && lastKey(work.resolve("data/offsets/db-poll.json")) >= rows) {
                    return new Run((now - started) / 1e9, (now - launched) / 1e9, peak,
                            (cpuTicks(jar.toHandle()) - cpuAtStart) / 100.0);
                }
                if (!jar.isAlive() || now > deadline) {
                    throw new IllegalStateException("db-poll did not catch up; its log:\n" + Files.readString(log));
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } finally {
            jar.toHandle().descendants().forEach(ProcessHandle::destroy);
            jar.destroy();
            jar.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The key of the last row whose offset was saved, or 0. */
    private static long lastKey(Path offsets) {
        try {
            Map<String, String> stored = ChangeJson.mapper().readValue(offsets.toFile(), new TypeReference<>() { });
            JsonNode cursor = ChangeJson.mapper().readTree(stored.get("public.events"));
            return cursor.get("key").get(0).get(1).asLong();
        } catch (Exception e) {
            return 0; // not written yet
        }
    }

    /** VmHWM of the process and its children (a launcher script runs java as a child). */
    private static long peakRssKb(ProcessHandle process) {
        long peak = vmHwm(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            peak = Math.max(peak, vmHwm(child.pid()));
        }
        return peak;
    }

    /** User and system CPU time of the process and its children, in clock ticks (1/100 s). */
    private static long cpuTicks(ProcessHandle process) {
        long ticks = 0;
        for (ProcessHandle p : java.util.stream.Stream.concat(java.util.stream.Stream.of(process),
                process.descendants()).toList()) {
            try {
                String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (Exception e) {
                // the process ended
            }
        }
        return ticks;
    }

    private static long vmHwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // the process ended
        }
        return 0;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
                    && lastKey(offsets) < maxId) {
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

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(index, 0)) / 1e6;
    }
}
