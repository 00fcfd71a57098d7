package io.dbworkers.publish;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong password in RABBITMQ_URL is a configuration error: start-up stops with exit 2 and one line naming it. */
class ChangesToRabbitWrongPasswordIT extends ItSupport {

    private static final String NAME = nameFor(ChangesToRabbitWrongPasswordIT.class);
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(ChangesToRabbitWrongPasswordIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void stopsWithExit2NamingRabbitMqUrl() throws Exception {
        Map<String, String> env = ChangesToRabbit.settings(NAME, "orders");
        env.put("RABBITMQ_URL", "amqp://guest:s3cret@127.0.0.1:5672");
        env.put("STARTUP_WAIT_SEC", "2");
        Path examples = Files.createDirectories(workDir.resolve("examples"));
        Files.copy(ChangesToRabbit.ROUTE_FILE, examples.resolve(ChangesToRabbit.ROUTE_FILE.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        try (JarProcess jar = JarProcess.start(workDir, env, "examples/" + ChangesToRabbit.ROUTE_FILE.getFileName())) {
            assertThat(jar.waitFor(90)).as(jar.output()).isEqualTo(2);
            String output = jar.output();
            assertThat(output.lines().filter(l -> l.startsWith("db-workers: "))).as(output).singleElement()
                    .asString().startsWith("db-workers: RABBITMQ_URL: RabbitMQ at 127.0.0.1:5672 refused the user"
                            + " 'guest'");
            assertThat(output).doesNotContain("s3cret").doesNotContain("\tat ");
        }
    }
}
