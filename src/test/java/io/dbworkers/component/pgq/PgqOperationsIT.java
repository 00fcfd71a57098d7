package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The seed's mailer as the shipped example route (a welcome mail logged per row of queue.welcome_email), what
 * {@code pgq status} prints about it, and a route written by {@code init pgq NAME} that runs as it is.
 */
class PgqOperationsIT extends PgqItSupport {

    private static final Path EXAMPLE = Path.of("examples", "pgq-mailer.yaml").toAbsolutePath();
    private static HikariDataSource db;
    private static Map<String, String> env;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshQueue(PgqOperationsIT.class, "mailer");
        execute(db, "CREATE SCHEMA queue",
                "CREATE TABLE queue.welcome_email (username text, language text, firstname text, lastname text)",
                "CREATE TRIGGER ins_to_queue BEFORE INSERT ON queue.welcome_email"
                + " FOR EACH ROW EXECUTE PROCEDURE pgq.logutriga('mailer', 'SKIP')");
        env = Map.of("DATABASE_URL", "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/"
                + nameFor(PgqOperationsIT.class));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void mailerExampleStatusAndInit() throws Exception {
        try (JarProcess mailer = JarProcess.start(workDir, env, EXAMPLE.toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> mailer.output().contains("pgq mailer as mailer_daemon"));
            execute(db, "INSERT INTO queue.welcome_email (username, language, firstname, lastname)"
                        + " VALUES ('kristokaiv', 'Kristo', 'Kaiv', 'kristo.kaiv@geemail.com')");
            assertThat(scalar(db, "select count(*) from queue.welcome_email")).as("SKIP keeps no row").isZero();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                tick(db, "mailer");
                return mailer.output().contains("Welcome mail sent to kristokaiv (Kaiv kristo.kaiv@geemail.com,"
                                                + " language Kristo)");
            });
        }

        try (JarProcess status = JarProcess.start(workDir, env, "pgq", "status")) {
            assertThat(status.waitFor(60)).as(status.output()).isZero();
            assertThat(status.output()).contains("PgQ version: 3.")
                    .containsPattern("mailer\\s+3/7200s\\s+500/3s/60s\\s+\\d+s\\s+no")
                    .containsPattern("mailer\\s+mailer_daemon\\s+\\d+s\\s+\\d+s\\s+\\d+");
        }

        try (JarProcess init = JarProcess.start(workDir, Map.of(), "init", "pgq", "signups")) {
            assertThat(init.waitFor(60)).as(init.output()).isZero();
        }
        try (JarProcess signups = JarProcess.start(workDir, env, "routes/signups.yaml")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> signups.output().contains("pgq signups as"));
            query(db, "select pgq.insert_event('signups', 'signup', 'user=ann')");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                tick(db, "signups");
                return signups.output().contains("(signup): PgqEvent[");
            });
        }
    }
}
