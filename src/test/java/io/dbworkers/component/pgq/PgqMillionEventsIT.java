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
 * One producer transaction of 1,000,000 events is one PgQ batch; the jar consumes it with its heap capped at 256 MB,
 * because the batch is streamed in chunks, a few ahead of the route, never read whole.
 */
class PgqMillionEventsIT extends PgqItSupport {

    private static final String QUEUE = "million";
    private static final int EVENTS = 1_000_000;
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshQueue(PgqMillionEventsIT.class, QUEUE);
        execute(db, "CREATE TABLE seen (events int NOT NULL, last_of_batch boolean NOT NULL)");
        query(db, "select pgq.register_consumer('" + QUEUE + "', 'million')");
        query(db, "select count(pgq.insert_event('" + QUEUE + "', 'reading', 'sensor=s' || g % 100 || '&value=' || g))"
                  + " from generate_series(1, " + EVENTS + ") g");
        tick(db, QUEUE);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void oneMillionEventBatchInBoundedMemory() throws Exception {
        Path routes = workDir.resolve("million.yaml");
        Files.writeString(routes, """
                - route:
                    id: million
                    from:
                      uri: pgq:%s
                      parameters:
                        consumerName: million
                        batch: true
                        fetchSize: 5000
                        idleDelay: 200
                      steps:
                        - to:
                            uri: "sql:INSERT INTO seen (events, last_of_batch) VALUES (:#${body.size}, :#${header.CamelPgqLastOfBatch})"
                """.formatted(QUEUE));
        String url = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + nameFor(PgqMillionEventsIT.class);
        try (JarProcess jar = JarProcess.start(workDir, Map.of("DATABASE_URL", url,
                "JAVA_TOOL_OPTIONS", "-Xmx256m"), routes.toString())) {
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> !jar.isAlive() || caughtUp(db, QUEUE, "million"));
            assertThat(jar.isAlive()).as(jar.output()).isTrue();
            assertThat(jar.output()).doesNotContain("OutOfMemoryError");
            assertThat(jar.stop()).isIn(0, 143);
        }
        assertThat(scalar(db, "select sum(events) from seen")).isEqualTo(EVENTS);
        assertThat(scalar(db, "select count(*) from seen where last_of_batch")).as("batches").isEqualTo(1);
    }
}
