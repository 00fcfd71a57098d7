package io.dbworkers.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.ConnectionFactory;

/**
 * Log-based capture to RabbitMQ (issue 11, goal 3), each figure from the launch of a process, on one backlog of
 * {@code changes} mixed inserts/updates/deletes (transactions of {@code txSize}, REPLICA IDENTITY FULL) committed
 * before anything reads it, each reader on a slot of its own created before the backlog:
 * <ol>
 *   <li>{@code pg_recvlogical} (test_decoding) up to the backlog's end LSN: the database's own ceiling;</li>
 *   <li>capture alone: the jar with bench/cdc-capture-only.yaml (db-cdc, no publishing);</li>
 *   <li>end to end: the jar with the shipped examples/changes-to-rabbitmq.yaml, until every change is in the bound
 *       queue (persistent, confirmed);</li>
 *   <li>RabbitMQ alone: a minimal publisher, the same number of persistent messages of the same mean size with
 *       confirms (pipelined, at most 10,000 outstanding), the broker's ceiling;</li>
 *   <li>the PGEvents-style peer bench/peers/pgevents_peer.py (psycopg2 + wal2json + pika, a confirm per change,
 *       for at most {@code peerSeconds});</li>
 *   <li>paced: {@code pacedChanges} more changes at {@code rate}/s with the jar running, latency from each change's
 *       commit to its delivery from the bound queue (which RabbitMQ does once the message is routed; the confirm of a
 *       persistent message comes at about the same time), p50/p99.</li>
 * </ol>
 * Run by {@code bench/cdc-rabbitmq.sh}.
 */
public final class CdcRabbitBenchmark {

    static final String DB = System.getProperty("db", "bench_cdc_rabbitmq");
    static final String EXCHANGE = "bench.cdc.changes";
    static final String QUEUE = "bench.cdc.all";
    static final List<String> SLOTS = List.of("bench_cdc_worker", "bench_cdc_capture", "bench_cdc_capture_debezium",
            "bench_cdc_recvlogical", "bench_cdc_peer");
    static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DB;

    public static void main(String[] args) throws Exception {
        int changes = Integer.getInteger("changes", 150_000);
        int txSize = Integer.getInteger("txSize", 100);
        int rate = Integer.getInteger("rate", 5000);
        int pacedChanges = Integer.getInteger("pacedChanges", 50_000);
        int peerSeconds = Integer.getInteger("peerSeconds", 60);
        String recvlogical = System.getProperty("pgRecvlogical", "/usr/lib/postgresql/15/bin/pg_recvlogical");
        ConnectionFactory amqp = new ConnectionFactory();
        amqp.setUri(System.getProperty("amqp", "amqp://guest:guest@127.0.0.1:5672"));
        Path work = Path.of("target/bench/cdc-rabbitmq").toAbsolutePath();
        // the slots are made anew below: offsets of an earlier run would point before them
        for (String file : new String[] {"changes-to-rabbitmq.json", "capture-only.json", "capture-only-debezium.json"}) {
            java.nio.file.Files.deleteIfExists(work.resolve(file));
        }
        BenchQueue queue = new BenchQueue(amqp, EXCHANGE, QUEUE);
        try {
            prepare(queue);
            ChangeWriter writer = new ChangeWriter(URL);
            String endLsn = writer.write(changes, txSize, 0);
            System.out.printf("machine: %d cores, load average %s; PostgreSQL, RabbitMQ and every reader on this"
                    + " host%n", Runtime.getRuntime().availableProcessors(), loadAverage());
            System.out.printf("backlog: %d changes (%s) in transactions of %d, committed before any reader starts,"
                    + " up to LSN %s%n", changes, writer.mix(), txSize, endLsn);

            double recv = recvlogical(recvlogical, endLsn, changes);
            Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/"
                    + DB, "CDC_TABLES", "items", "RABBITMQ_URL", System.getProperty("amqp",
                    "amqp://guest:guest@127.0.0.1:5672"), "RABBITMQ_EXCHANGE", EXCHANGE));
            double capture = captureAlone(work, env, changes, "pgoutput", "bench_cdc_capture");
            System.out.printf("  capture alone / pg_recvlogical: %.2f%n", capture / recv);
            double debezium = captureAlone(work, env, changes, "debezium", "bench_cdc_capture_debezium");
            System.out.printf("  capture alone with reader=debezium / pg_recvlogical: %.2f; pgoutput / debezium: %.1f%n",
                    debezium / recv, capture / debezium);

            env.put("CDC_SLOT", "bench_cdc_worker");
            env.put("CDC_OFFSET_FILE", work.resolve("changes-to-rabbitmq.json").toString());
            double endToEnd;
            long rss;
            try (BenchJar jar = BenchJar.launch(work.resolve("end-to-end"), "examples/changes-to-rabbitmq.yaml", env,
                    line -> { })) {
                double seconds = queue.awaitMessages(changes, 600, jar::seconds);
                endToEnd = changes / seconds;
                rss = jar.peakRssMb();
                double cpu = jar.cpuSeconds();
                System.out.printf("end to end (examples/changes-to-rabbitmq.yaml, from launch until all %d are in the"
                        + " queue): %.2f s = %.0f changes/s, peak RSS %d MB, CPU %.1f s (%.1f s per million changes)%n",
                        changes, seconds, endToEnd, rss, cpu, cpu * 1e6 / changes);
            }
            BenchQueue.Drained drained = queue.drain(changes);
            double alone = queue.publishAlone(changes, drained.meanSize());
            queue.drain(changes);
            System.out.printf("RabbitMQ alone (%d persistent messages of %d bytes, confirms, at most 10000"
                    + " outstanding): %.0f messages/s%n", changes, drained.meanSize(), alone);
            double peer = peer(peerSeconds, changes, queue);
            System.out.printf("ratios: end to end / RabbitMQ alone %.2f (goal >= 0.7); end to end / peer %.1f (goal"
                    + " >= 10); capture alone / pg_recvlogical %.2f (goal >= 0.5); end to end / pg_recvlogical %.2f%n",
                    endToEnd / alone, endToEnd / peer, capture / recv, endToEnd / recv);

            try (BenchJar jar = BenchJar.launch(work.resolve("end-to-end"), "examples/changes-to-rabbitmq.yaml", env,
                    line -> { })) {
                jar.awaitReady();
                BenchQueue.Latencies latencies = queue.consumeLatencies(pacedChanges);
                writer.write(pacedChanges, txSize, rate);
                latencies.await(300);
                System.out.printf("paced: %d changes at %d/s (transactions of %d) with the jar running: commit ->"
                        + " delivery from the queue p50 %.0f ms, p99 %.0f ms, max %.0f ms (goal p99 <= 500);"
                        + " peak RSS %d MB (goal <= 512, backlog run %d MB)%n", pacedChanges, rate, txSize,
                        latencies.percentile(0.5), latencies.percentile(0.99), latencies.percentile(1.0),
                        jar.peakRssMb(), rss);
            }
        } finally {
            cleanUp(queue);
        }
    }

    private static double recvlogical(String recvlogical, String endLsn, int changes) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(recvlogical, "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-S",
                "bench_cdc_recvlogical", "--start", "-E", endLsn, "-f", "/dev/null").inheritIO().start();
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("pg_recvlogical failed");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("pg_recvlogical (test_decoding, from launch to the end LSN): %.2f s = %.0f changes/s%n",
                seconds, changes / seconds);
        return changes / seconds;
    }

    private static double captureAlone(Path work, Map<String, String> common, int changes, String reader, String slot)
            throws Exception {
        Map<String, String> env = new HashMap<>(common);
        env.put("CDC_SLOT", slot);
        env.put("CDC_READER", reader);
        String name = reader.equals("pgoutput") ? "capture-only" : "capture-only-" + reader;
        env.put("CDC_OFFSET_FILE", work.resolve(name + ".json").toString());
        AtomicLong captured = new AtomicLong();
        AtomicLong firstBatch = new AtomicLong();
        AtomicLong firstNanos = new AtomicLong();
        try (BenchJar jar = BenchJar.launch(work.resolve(name), "bench/cdc-capture-only.yaml", env,
                line -> {
                    int at = line.indexOf("captured ");
                    if (at >= 0) {
                        long size = Long.parseLong(line.substring(at + 9, line.indexOf(' ', at + 9)));
                        if (firstNanos.compareAndSet(0, System.nanoTime())) {
                            firstBatch.set(size);
                        }
                        captured.addAndGet(size);
                    }
                })) {
            while (captured.get() < changes && jar.seconds() < 600) {
                Thread.sleep(5);
            }
            double seconds = jar.seconds();
            double streaming = (System.nanoTime() - firstNanos.get()) / 1e9;
            double cpu = jar.cpuSeconds();
            System.out.printf("capture alone, reader=%s (bench/cdc-capture-only.yaml, from launch to the last batch):"
                    + " %.2f s = %.0f changes/s, peak RSS %d MB, CPU %.1f s (%.1f s per million changes, JVM start"
                    + " included); after its first batch (JVM start, connection and slot set-up left out): %.0f"
                    + " changes/s%n", reader, seconds, changes / seconds, jar.peakRssMb(), cpu, cpu * 1e6 / changes,
                    (changes - firstBatch.get()) / streaming);
            return changes / seconds;
        }
    }

    private static double peer(int seconds, int changes, BenchQueue queue) throws Exception {
        Process p = new ProcessBuilder(System.getProperty("python", "/usr/bin/python3"), "bench/peers/pgevents_peer.py", "--dsn",
                "host=127.0.0.1 user=postgres dbname=" + DB, "--slot", "bench_cdc_peer", "--exchange", EXCHANGE,
                "--changes", Integer.toString(changes), "--seconds", Integer.toString(seconds))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        queue.drain(-1);
        String[] fields = out.substring(out.lastIndexOf("changes ")).split(" ");
        long done = Long.parseLong(fields[1]);
        double elapsed = Double.parseDouble(fields[3]);
        System.out.printf("PGEvents-style peer (bench/peers/pgevents_peer.py, a confirm per change, LSN acknowledged"
                + " after it; first %d s from launch): %d changes in %.2f s = %.0f changes/s%n", seconds, done,
                elapsed, done / elapsed);
        return done / elapsed;
    }

    private static void prepare(BenchQueue queue) throws Exception {
        cleanUp(queue);
        try (Connection c = DriverManager.getConnection(ADMIN, "postgres", null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DB);
        }
        try (Connection c = DriverManager.getConnection(URL, "postgres", null); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, qty INTEGER NOT NULL, note TEXT NOT NULL,"
                    + " updated_at TIMESTAMP NOT NULL DEFAULT now())");
            s.execute("ALTER TABLE items REPLICA IDENTITY FULL");
            // each reader's slot (and db-cdc's publication) exists before the backlog is written
            for (String slot : List.of("bench_cdc_worker", "bench_cdc_capture", "bench_cdc_capture_debezium")) {
                s.execute("CREATE PUBLICATION " + slot + "_publication FOR TABLE items");
                s.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
            }
            s.execute("SELECT pg_create_logical_replication_slot('bench_cdc_recvlogical', 'test_decoding')");
            s.execute("SELECT pg_create_logical_replication_slot('bench_cdc_peer', 'wal2json')");
        }
        queue.declare();
    }

    private static void cleanUp(BenchQueue queue) throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN, "postgres", null); Statement s = c.createStatement()) {
            for (String slot : SLOTS) {
                s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "'");
            }
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
        queue.delete();
    }

    private static String loadAverage() throws Exception {
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return load[0] + " " + load[1] + " " + load[2];
    }

    private CdcRabbitBenchmark() {
    }
}
