package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.it.JarProcess;

/** A missing queue, or a database without the pgq extension: one line naming queue and database, exit status 2. */
class PgqStartupErrorIT extends PgqItSupport {

    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshPostgres(PgqStartupErrorIT.class);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void missingExtensionThenMissingQueue() throws Exception {
        String database = nameFor(PgqStartupErrorIT.class);
        assertThat(run()).isEqualTo("db-workers: pgq:mailer: the pgq extension is not installed in database "
                + database + " (CREATE EXTENSION pgq)");
        execute(db, "CREATE EXTENSION pgq");
        assertThat(run()).isEqualTo("db-workers: pgq:mailer: queue 'mailer' does not exist in database " + database
                + " (select pgq.create_queue('mailer'), or createQueue=true)");
    }

    /** The last line of a run that must exit with status 2. */
    private String run() throws Exception {
        Path routes = workDir.resolve("mailer.yaml");
        Files.writeString(routes, """
                - route:
                    id: mailer
                    from:
                      uri: pgq:mailer
                      steps:
                        - log: "${body}"
                """);
        String url = "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + nameFor(PgqStartupErrorIT.class);
        try (JarProcess jar = JarProcess.start(workDir, Map.of("DATABASE_URL", url), routes.toString())) {
            int status = jar.waitFor(90);
            String output = jar.output().strip();
            assertThat(status).as(output).isEqualTo(2);
            assertThat(output).doesNotContain("\tat ");
            return output.lines().reduce((a, b) -> b).orElse("");
        }
    }
}
