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
 * Batch-exact delivery: kill -9 after the target committed a batch's rows and before pgq.finish_batch. The batch
 * comes again after the restart, is found recorded in the target, and is skipped: every event once, none doubled.
 */
class PgqBatchExactKillIT extends PgqItSupport {

    private static final String QUEUE = "exact";
    private static final int EVENTS = 1000;
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshQueue(PgqBatchExactKillIT.class, QUEUE);
        execute(db, "CREATE TABLE sink (ev_id bigint NOT NULL, n text NOT NULL)");
        query(db, "select pgq.register_consumer('" + QUEUE + "', 'exact')");
        query(db, "select pgq.insert_event('" + QUEUE + "', 'n', 'n=' || g) from generate_series(1, " + EVENTS + ") g");
        tick(db, QUEUE);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void batchCommittedInTheTargetIsNotWrittenAgain() throws Exception {
        Path routes = workDir.resolve("exact.yaml");
        Files.writeString(routes, """
                - route:
                    id: exact
                    from:
                      uri: pgq:%s
                      parameters:
                        consumerName: exact
                        batch: true
                        fetchSize: 200
                        idleDelay: 200
                        exactTarget: "#dataSource"
                      steps:
                        - split:
                            simple: "${body}"
                            steps:
                              - to:
                                  uri: "sql:INSERT INTO sink (ev_id, n) VALUES (:#${body.id}, :#${body.fields[n]})"
                                  parameters:
                                    dataSource: "#pgqBatchTarget"
                """.formatted(QUEUE));
        String url = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + nameFor(PgqBatchExactKillIT.class);

        try (JarProcess first = JarProcess.start(workDir, Map.of("DATABASE_URL", url,
                TestPauses.PAUSE_BEFORE_FINISH_ENV, "1"), routes.toString())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> first.output().contains("pgq test pause: batch"));
            first.kill();
        }
        assertThat(scalar(db, "select count(*) from sink")).as("committed before the kill").isEqualTo(EVENTS);
        assertThat(caughtUp(db, QUEUE, "exact")).as("batch finished before the kill").isFalse();

        try (JarProcess second = JarProcess.start(workDir, Map.of("DATABASE_URL", url), routes.toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(db, QUEUE, "exact"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> second.output().contains("is recorded in the target already"));
            // the batch's view of the target is no server to probe: readiness follows the target's own bean
            await().atMost(Duration.ofSeconds(20)).until(() -> readyStatus(second) == 200);
            assertThat(second.stop()).as("exit status after SIGTERM").isIn(0, 143);
        }
        assertThat(scalar(db, "select count(*) from sink")).as("rows: none doubled").isEqualTo(EVENTS);
        assertThat(scalar(db, "select count(distinct n) from sink")).isEqualTo(EVENTS);
    }

    private static int readyStatus(JarProcess jar) {
        try {
            java.net.HttpURLConnection http = (java.net.HttpURLConnection) java.net.URI.create(
                    "http://127.0.0.1:" + jar.httpPort() + "/observe/health/ready").toURL().openConnection();
            http.setConnectTimeout(1000);
            http.setReadTimeout(2000);
            return http.getResponseCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
