package io.dbworkers.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.AMQP;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.config.Settings;
import io.dbworkers.deadletter.DeadLetters;
import io.dbworkers.publish.ChangeMessage;

/**
 * The shipped examples/changes-to-rabbitmq.yaml (db-cdc with pgoutput, batch=true, one confirm per batch) next to
 * {@code pg_recvlogical} with test_decoding on its own slot, both reading the same changes in the same run: a writer
 * commits {@code changes} mixed inserts/updates/deletes (transactions of {@code txSize}) as fast as it can while both
 * consumers stream (or, with {@code rate}, at that many changes/s, to see the latency of a worker that keeps up).
 * For each consumer: changes/s from the first commit to the last change seen, and the latency from
 * a change's commit to the broker's confirm (db-workers: when the batch's exchange completed, i.e. after
 * waitForConfirms) or to the COMMIT line read from pg_recvlogical's output. Run by {@code bench/cdc-rabbitmq.sh}.
 */
public final class CdcRabbitBenchmark {

    private static final String DB = System.getProperty("db", "bench_cdc_rabbitmq");
    private static final String WORKER_SLOT = "bench_cdc_worker";
    private static final String RECV_SLOT = "bench_cdc_recvlogical";
    private static final String EXCHANGE = "bench.cdc.changes";
    private static final String QUEUE = "bench.cdc.all";
    private static final DateTimeFormatter PG_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern("X").toFormatter();

    /** What one consumer saw: change count, when it saw the last, and each change's latency in microseconds. */
    static final class Seen {
        final AtomicLong changes = new AtomicLong();
        volatile long lastNanosWallMicros;
        final long[] latencies;
        final AtomicLong recorded = new AtomicLong();

        Seen(int capacity) {
            latencies = new long[capacity];
        }

        synchronized void add(long commitMicros, long nowMicros, int count) {
            for (int i = 0; i < count; i++) {
                int at = (int) recorded.getAndIncrement();
                if (at < latencies.length) {
                    latencies[at] = nowMicros - commitMicros;
                }
            }
            changes.addAndGet(count);
            lastNanosWallMicros = nowMicros;
        }

        long percentile(double p) {
            int n = (int) Math.min(recorded.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            return n == 0 ? -1 : sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
        }
    }

    public static void main(String[] args) throws Exception {
        int changes = Integer.getInteger("changes", 100_000);
        int txSize = Integer.getInteger("txSize", 100);
        int rate = Integer.getInteger("rate", 0);
        String recvlogical = System.getProperty("pgRecvlogical", "/usr/lib/postgresql/15/bin/pg_recvlogical");
        String amqp = System.getProperty("amqp", "amqp://guest:guest@127.0.0.1:5672");
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", null); Statement s = c.createStatement()) {
            for (String slot : List.of(WORKER_SLOT, RECV_SLOT)) {
                s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                          + slot + "'");
            }
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DB);
        }
        String url = "jdbc:postgresql://127.0.0.1:5432/" + DB;
        CachingConnectionFactory rabbit = new CachingConnectionFactory(URI.create(amqp));
        RabbitAdmin rabbitAdmin = new RabbitAdmin(rabbit);
        rabbitAdmin.deleteQueue(QUEUE);
        rabbitAdmin.deleteExchange(EXCHANGE);
        TopicExchange topic = new TopicExchange(EXCHANGE, true, false);
        rabbitAdmin.declareExchange(topic);
        Queue queue = QueueBuilder.durable(QUEUE).build();
        rabbitAdmin.declareQueue(queue);
        rabbitAdmin.declareBinding(BindingBuilder.bind(queue).to(topic).with("#"));

        Process receiver = null;
        CamelContext context = new DefaultCamelContext();
        try (HikariDataSource ds = DataSources.pool("bench", new ConnectionUrl(url, "postgres", null), 2)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, qty INTEGER NOT NULL, note TEXT NOT NULL,"
                          + " updated_at TIMESTAMP NOT NULL DEFAULT now())");
                s.execute("ALTER TABLE items REPLICA IDENTITY FULL");
            }
            Seen worker = new Seen(changes);
            startWorker(context, ds, url, amqp, worker);
            awaitSlot(ds, WORKER_SLOT);

            run(recvlogical, "--create-slot", "-S", RECV_SLOT, "-P", "test_decoding");
            receiver = new ProcessBuilder(recvlogical, "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-S", RECV_SLOT,
                    "--start", "-o", "include-timestamp=on", "-f", "-").redirectErrorStream(true).start();
            Seen recv = new Seen(changes);
            Process reading = receiver;
            Thread reader = new Thread(() -> read(reading, recv), "pg_recvlogical-reader");
            reader.setDaemon(true);
            reader.start();
            awaitSlot(ds, RECV_SLOT);

            long start = nowMicros();
            int[] mix = generate(ds, changes, txSize, rate);
            long generated = nowMicros();
            long deadline = System.currentTimeMillis() + 600_000;
            while ((worker.changes.get() < changes || recv.changes.get() < changes)
                   && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            int published = rabbitAdmin.getQueueInfo(QUEUE).getMessageCount();

            System.out.printf("machine: %d cores shared with other work; PostgreSQL, RabbitMQ, the writer and both"
                              + " consumers on the same host%n", Runtime.getRuntime().availableProcessors());
            System.out.printf("changes: %d (%d inserts, %d updates, %d deletes) in transactions of %d, committed%s in"
                              + " %.2f s (%.0f/s)%n", changes, mix[0], mix[1], mix[2], txSize,
                    rate > 0 ? " at a pace of " + rate + "/s" : " as fast as the writer can",
                    (generated - start) / 1e6, changes / ((generated - start) / 1e6));
            double recvRate = report("pg_recvlogical (test_decoding, commit -> COMMIT line read)", recv, start);
            double workerRate = report("db-workers (pgoutput -> RabbitMQ persistent + confirms, commit -> confirm)",
                    worker, start);
            System.out.printf("messages in the bound queue: %d of %d%n", published, changes);
            System.out.printf("ratio db-workers / pg_recvlogical: %.2f%n", workerRate / recvRate);
            rabbitAdmin.purgeQueue(QUEUE, false);
            System.out.printf("for scale, RabbitMQ alone (same exchange and queue, %d persistent 400-byte messages,"
                              + " one confirm per 8192, nothing else of this run going on): %.0f messages/s%n",
                    changes, rawPublishRate(amqp, changes));
        } finally {
            context.stop();
            if (receiver != null) {
                receiver.destroy();
                receiver.waitFor();
            }
            try (Connection c = DriverManager.getConnection(admin, "postgres", null);
                 Statement s = c.createStatement()) {
                for (String slot : List.of(WORKER_SLOT, RECV_SLOT)) {
                    s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                              + " WHERE slot_name = '" + slot + "'");
                }
                s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            }
            rabbitAdmin.deleteQueue(QUEUE);
            rabbitAdmin.deleteExchange(EXCHANGE);
            rabbit.destroy();
        }
    }

    /** Publishes messages as the publisher does, but without capture, JSON or Camel: the broker's own ceiling. */
    private static double rawPublishRate(String amqp, int count) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(amqp));
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        try {
            byte[] body = new byte[400];
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).build();
            long start = System.nanoTime();
            new RabbitTemplate(factory).execute(channel -> {
                for (int sent = 0; sent < count; sent += 8192) {
                    for (int i = sent; i < Math.min(count, sent + 8192); i++) {
                        channel.basicPublish(EXCHANGE, "public.items.insert", false, properties, body);
                    }
                    channel.waitForConfirmsOrDie(60_000);
                }
                return null;
            });
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            factory.destroy();
        }
    }

    /** The shipped route file in this JVM, with an event notifier that times each batch's completion. */
    private static void startWorker(CamelContext context, HikariDataSource ds, String url, String amqp, Seen seen)
            throws Exception {
        Properties properties = new Properties();
        properties.putAll(Map.of("DATABASE_URL", url.replace("jdbc:postgresql://", "postgresql://postgres@"),
                "CDC_TABLES", "items", "CDC_SLOT", WORKER_SLOT, "CDC_OFFSET_FILE", "target/bench/cdc-rabbitmq.json",
                "RABBITMQ_URL", amqp, "RABBITMQ_EXCHANGE", EXCHANGE));
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("target/bench/cdc-rabbitmq.json"));
        context.getPropertiesComponent().setInitialProperties(properties);
        context.getRegistry().bind("dataSource", ds);
        DeadLetters.install(context, new Settings(name -> null));
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                CamelEvent.ExchangeCompletedEvent completed = (CamelEvent.ExchangeCompletedEvent) event;
                if (!"changes-to-rabbitmq".equals(completed.getExchange().getFromRouteId())) {
                    return;
                }
                long now = nowMicros();
                Object body = completed.getExchange().getMessage().getBody();
                if (body instanceof List<?> list) {
                    for (Object item : list) {
                        DatabaseChange change = item instanceof ChangeMessage message ? message.change()
                                : (DatabaseChange) item;
                        seen.add(change.timestamp().toEpochMilli() * 1000, now, 1);
                    }
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCompletedEvent;
            }
        });
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:" + System.getProperty("routeFile", "examples/changes-to-rabbitmq.yaml")));
        context.start();
    }

    /** Reads pg_recvlogical's output: each COMMIT line completes the changes of its transaction. */
    private static void read(Process process, Seen seen) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int inTransaction = 0;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("table ")) {
                    inTransaction++;
                } else if (line.startsWith("COMMIT") && inTransaction > 0) {
                    String at = line.substring(line.indexOf("(at ") + 4, line.lastIndexOf(')'));
                    OffsetDateTime commit = OffsetDateTime.parse(at, PG_TIMESTAMP);
                    long commitMicros = commit.toEpochSecond() * 1_000_000 + commit.getNano() / 1000;
                    seen.add(commitMicros, nowMicros(), inTransaction);
                    inTransaction = 0;
                } else if (line.startsWith("BEGIN")) {
                    inTransaction = 0;
                } else if (!line.isBlank()) {
                    System.err.println("pg_recvlogical: " + line);
                }
            }
        } catch (Exception e) {
            System.err.println("pg_recvlogical reader: " + e);
        }
    }

    /** Commits the changes: per transaction half inserts, 30% updates of live rows, 20% deletes of the oldest. */
    private static int[] generate(HikariDataSource ds, int changes, int txSize, int rate) throws Exception {
        long startNanos = System.nanoTime();
        int[] mix = new int[3];
        Deque<Long> live = new ArrayDeque<>();
        long nextId = 1;
        try (Connection c = ds.getConnection();
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
                    insert.setString(3, "item " + nextId);
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
                    // paced: the writer keeps to the given changes/s instead of writing as fast as it can
                    long due = startNanos + (long) (done * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
        }
        return mix;
    }

    private static double report(String what, Seen seen, long startMicros) {
        double seconds = (seen.lastNanosWallMicros - startMicros) / 1e6;
        double rate = seen.changes.get() / seconds;
        System.out.printf("%s: %d changes in %.2f s = %.0f changes/s; latency p50 %.1f ms, p99 %.1f ms%n", what,
                seen.changes.get(), seconds, rate, seen.percentile(0.50) / 1000.0, seen.percentile(0.99) / 1000.0);
        return rate;
    }

    private static void awaitSlot(HikariDataSource ds, String slot) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?"
                                                           + " AND active AND confirmed_flush_lsn IS NOT NULL")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("slot " + slot + " did not become active");
    }

    private static void run(String... command) throws Exception {
        String[] full = Arrays.copyOf(command, command.length + 6);
        System.arraycopy(new String[] {"-h", "127.0.0.1", "-U", "postgres", "-d", DB}, 0, full, command.length, 6);
        Process p = new ProcessBuilder(full).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed");
        }
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private CdcRabbitBenchmark() {
    }
}
