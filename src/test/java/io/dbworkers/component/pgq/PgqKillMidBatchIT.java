package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.it.JarProcess;

/**
 * kill -9 in the middle of a batch of 1,000 events, after 500 of them were written to the sink: the batch was not
 * finished, so after the restart it comes again whole. Every event arrives; the 500 written before the kill arrive
 * twice (at least once, as Skytools).
 */
class PgqKillMidBatchIT extends PgqItSupport {

    private static final String QUEUE = "kill";
    private static final int EVENTS = 1000;
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshQueue(PgqKillMidBatchIT.class, QUEUE);
        execute(db, "CREATE TABLE sink (ev_id bigint NOT NULL, n text NOT NULL)");
        query(db, "select pgq.register_consumer('" + QUEUE + "', 'sink')");
        query(db, "select pgq.insert_event('" + QUEUE + "', 'n', 'n=' || g) from generate_series(1, " + EVENTS + ") g");
        tick(db, QUEUE);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void unfinishedBatchComesAgainWhole() throws Exception {
        Path routes = workDir.resolve("sink.yaml");
        Files.writeString(routes, """
                - route:
                    id: sink
                    from:
                      uri: pgq:%s
                      parameters:
                        consumerName: sink
                        fetchSize: 100
                        idleDelay: 200
                      steps:
                        - to:
                            uri: "sql:INSERT INTO sink (ev_id, n) VALUES (:#${header.CamelPgqEventId}, :#${body.fields[n]})"
                """.formatted(QUEUE));
        String url = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + nameFor(PgqKillMidBatchIT.class);

        try (JarProcess first = JarProcess.start(workDir, Map.of("DATABASE_URL", url,
                TestPauses.PAUSE_AFTER_ENV, "500"), routes.toString())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> first.output().contains("pgq test pause: batch"));
            first.kill();
        }
        assertThat(scalar(db, "select count(*) from sink")).as("written before the kill").isEqualTo(500);

        try (JarProcess second = JarProcess.start(workDir, Map.of("DATABASE_URL", url), routes.toString())) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> scalar(db, "select count(distinct ev_id) from sink") == EVENTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(db, QUEUE, "sink"));
            assertThat(second.stop()).as("exit status after SIGTERM").isIn(0, 143);
        }
        assertThat(scalar(db, "select count(*) from sink")).as("rows: the 500 before the kill came twice")
                .isEqualTo(EVENTS + 500);
        assertThat(scalar(db, "select count(distinct n) from sink")).isEqualTo(EVENTS);
    }
}
