package io.dbworkers.component.dbpoll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.dbworkers.change.DatabaseChange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writers insert and update rows in transactions held open for random times, while db-poll reads the table in small
 * pages. Every committed row, and the last committed version of every row, must be delivered, and no row version
 * twice. The schema differs per database; the scenario does not.
 */
final class LateCommitScenario {

    private static final int WRITERS = 6;
    private static final Duration WRITE_FOR = Duration.ofSeconds(8);

    private final java.util.concurrent.Callable<Connection> writerConnections;
    private final DataSource captureDataSource;
    private final String insertSql;
    private final String updateSql;
    private final String versionSql;

    /** (id, version) of every committed row version, and the last committed version per id */
    private final Set<String> committedVersions = ConcurrentHashMap.newKeySet();
    private final Map<Long, Integer> lastVersion = new ConcurrentHashMap<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    /**
     * @param writerConnections opens a connection for one writer transaction (closed after it)
     * @param captureDataSource the poller's connection to the same database (a least-privilege user)
     * @param insertSql         inserts a row with version 1, generating its id
     * @param updateSql         increments the version of row {@code ?} and moves its timestamp
     * @param versionSql        reads the version of row {@code ?}
     */
    LateCommitScenario(java.util.concurrent.Callable<Connection> writerConnections, DataSource captureDataSource, String insertSql, String updateSql,
            String versionSql) {
        this.writerConnections = writerConnections;
        this.captureDataSource = captureDataSource;
        this.insertSql = insertSql;
        this.updateSql = updateSql;
        this.versionSql = versionSql;
    }

    /** Asserts that every committed row version is delivered, and none twice. */
    void run(String pollUri) throws Exception {
        poll(pollUri, () -> lastVersion.entrySet().stream()
                .allMatch(e -> delivered.contains(e.getKey() + "@" + e.getValue())));
        assertThat(delivered).as("no row version delivered twice").doesNotHaveDuplicates();
        assertThat(committedVersions).as("only committed versions delivered").containsAll(delivered);
        for (Map.Entry<Long, Integer> e : lastVersion.entrySet()) {
            assertThat(delivered).as("last version of row %s", e.getKey()).contains(e.getKey() + "@" + e.getValue());
        }
        // most intermediate versions are delivered too; a version overwritten between two polls cannot be
        assertThat(delivered.size()).isGreaterThanOrEqualTo(lastVersion.size());
    }

    /**
     * Runs the same writers, then commits one more row after all of them and waits until it is delivered: whatever
     * was not delivered by then never will be. Returns the last committed versions that were missed.
     */
    List<String> missed(String pollUri) throws Exception {
        List<String> sentinel = new ArrayList<>();
        poll(pollUri, () -> {
            if (sentinel.isEmpty()) {
                sentinel.add(insertOne() + "@1");
            }
            return delivered.contains(sentinel.get(0));
        });
        return lastVersion.entrySet().stream().map(e -> e.getKey() + "@" + e.getValue())
                .filter(version -> !delivered.contains(version)).toList();
    }

    private void poll(String pollUri, java.util.concurrent.Callable<Boolean> done) throws Exception {
        Path offsets = Files.createTempFile("db-poll-late-commit", ".json");
        Files.delete(offsets);
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("capture", captureDataSource);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(pollUri + "&offsetFile=" + offsets).routeId("late-commit").process(e -> {
                        DatabaseChange c = e.getMessage().getBody(DatabaseChange.class);
                        delivered.add(c.primaryKey().get("id") + "@" + c.newData().get("version"));
                    });
                }
            });
            context.start();
            write();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(done);
        }
    }

    private long insertOne() throws Exception {
        try (Connection c = writerConnections.call();
             PreparedStatement ps = c.prepareStatement(insertSql, Statement.RETURN_GENERATED_KEYS)) {
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void write() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        long until = System.nanoTime() + WRITE_FOR.toNanos();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(pool.submit(() -> {
                while (System.nanoTime() < until) {
                    transaction();
                }
                return null;
            }));
        }
        for (Future<?> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    /** One transaction: a few inserts (ties on the timestamp) or updates, held open 0-1500 ms, then commit or rollback. */
    private void transaction() throws Exception {
        Map<Long, Integer> written = new java.util.HashMap<>();
        boolean committed;
        try (Connection c = writerConnections.call()) {
            c.setAutoCommit(false);
            committed = writeAndCommit(c, written);
        }
        if (committed) {
            written.forEach((id, version) -> {
                committedVersions.add(id + "@" + version);
                lastVersion.merge(id, version, Math::max);
            });
        }
    }

    private boolean writeAndCommit(Connection c, Map<Long, Integer> written) throws SQLException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Long> existing = new ArrayList<>(lastVersion.keySet());
        int rows = random.nextInt(1, 5);
        for (int i = 0; i < rows; i++) {
            if (!existing.isEmpty() && random.nextInt(3) == 0) {
                long id = existing.get(random.nextInt(existing.size()));
                if (written.containsKey(id)) {
                    continue;
                }
                try (PreparedStatement update = c.prepareStatement(updateSql);
                     PreparedStatement version = c.prepareStatement(versionSql)) {
                    update.setLong(1, id);
                    update.executeUpdate();
                    version.setLong(1, id);
                    try (ResultSet rs = version.executeQuery()) {
                        rs.next();
                        written.put(id, rs.getInt(1));
                    }
                } catch (SQLException e) {
                    // a lock conflict with another writer: give up this transaction
                    c.rollback();
                    return false;
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(insertSql, Statement.RETURN_GENERATED_KEYS)) {
                    ps.executeUpdate();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        rs.next();
                        written.put(rs.getLong(1), 1);
                    }
                }
            }
        }
        Thread.sleep(random.nextInt(0, 1500));
        if (random.nextInt(10) == 0) {
            c.rollback();
            return false;
        }
        c.commit();
        return true;
    }
}
