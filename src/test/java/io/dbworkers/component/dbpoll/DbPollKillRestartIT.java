package io.dbworkers.component.dbpoll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import com.fasterxml.jackson.core.type.TypeReference;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 in the middle of a split/aggregate copy, then restart: every row arrives, and only the batch that was in
 * flight arrives twice. The offset is tied to the batch exchange, not to the split parts, so nothing is acknowledged
 * before the bulk insert committed. The kill lands for certain between "the batch is in the sink" and "its offset is
 * saved": the jar's test-only pause point ({@link PausePoint}) holds the consumer there and says so in the log.
 */
class DbPollKillRestartIT extends ItSupport {

    private static final int ROWS = 9_000;
    private static final int BATCH = 300;
    /** The page in flight at the kill: its rows are in the sink, its offset not saved. */
    private static final int KILLED_PAGE = 11;
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshPostgres(DbPollKillRestartIT.class);
        execute(db, "CREATE TABLE source (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL,"
                        + " updated_at TIMESTAMP NOT NULL DEFAULT now())",
                "CREATE INDEX source_cursor ON source (updated_at, id)",
                // rows of one transaction share their timestamp: the key breaks the ties across batch boundaries
                "INSERT INTO source (payload) SELECT 'row ' || g FROM generate_series(1, " + ROWS + ") g",
                "CREATE TABLE sink (id BIGINT NOT NULL, payload TEXT NOT NULL)");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void onlyTheBatchInFlightIsDeliveredAgain() throws Exception {
        Path routes = workDir.resolve("copy.yaml");
        Files.writeString(routes, """
                - route:
                    id: copy
                    routeConfigurationId: dead-letter
                    from:
                      uri: db-poll:source
                      parameters:
                        timestampColumn: updated_at
                        batch: true
                        batchSize: %d
                        delay: 100
                      steps:
                        - split:
                            simple: "${body}"
                            aggregationStrategy: "#class:io.dbworkers.processor.ProcessedBatch"
                            steps:
                              - setBody:
                                  simple: "${body.newData}"
                        - delay:
                            constant: 40
                        - to:
                            uri: sql:INSERT INTO sink (id, payload) VALUES (:#id, :#payload)
                            parameters:
                              batch: true
                """.formatted(BATCH));
        Map<String, String> env = Map.of("DATABASE_URL",
                "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + nameFor(DbPollKillRestartIT.class));

        Map<String, String> pausing = new HashMap<>(env);
        pausing.put(PausePoint.ENVIRONMENT, Integer.toString(KILLED_PAGE));
        try (JarProcess first = JarProcess.start(workDir, pausing, routes.toString())) {
            await().atMost(Duration.ofSeconds(120)).until(() -> first.output().contains(PausePoint.ANNOUNCEMENT));
            first.kill();
        }
        assertThat(sinkRows()).as("pages 1 to %d in the sink at the kill", KILLED_PAGE).isEqualTo(KILLED_PAGE * BATCH);
        Cursor saved = Cursor.fromJson(offsets().get("public.source"));
        assertThat(saved.key()).as("the offset saved last: the end of the page before").containsExactly(
                (long) (KILLED_PAGE - 1) * BATCH);

        try (JarProcess second = JarProcess.start(workDir, env, routes.toString())) {
            await().atMost(Duration.ofSeconds(120)).until(() -> distinctSinkIds() == ROWS);
            assertThat(second.stop()).as("exit status after SIGTERM").isIn(0, 143);
            assertThat(second.output()).doesNotContain(PausePoint.ANNOUNCEMENT);
        }
        assertThat(scalar("SELECT count(*) FROM source s LEFT JOIN sink k ON k.id = s.id WHERE k.id IS NULL"))
                .as("rows never delivered").isZero();
        assertThat(ids("SELECT id FROM sink GROUP BY id HAVING count(*) > 1 ORDER BY id"))
                .as("rows delivered twice: exactly those of the page in flight")
                .isEqualTo(LongStream.rangeClosed((long) (KILLED_PAGE - 1) * BATCH + 1, (long) KILLED_PAGE * BATCH)
                        .boxed().toList());
        assertThat(scalar("SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM sink GROUP BY id) c"))
                .as("no row more than twice").isLessThanOrEqualTo(2);
    }

    private Map<String, String> offsets() throws Exception {
        return ChangeJson.mapper().readValue(workDir.resolve("data/offsets/db-poll.json").toFile(),
                new TypeReference<Map<String, String>>() { });
    }

    private static List<Long> ids(String sql) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static long sinkRows() throws Exception {
        return scalar("SELECT count(*) FROM sink");
    }

    private static long distinctSinkIds() throws Exception {
        return scalar("SELECT count(DISTINCT id) FROM sink");
    }

    private static long scalar(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
