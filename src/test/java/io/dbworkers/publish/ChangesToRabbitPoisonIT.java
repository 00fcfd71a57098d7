package io.dbworkers.publish;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change that can never be published (larger than RABBITMQ_MAX_MESSAGE_SIZE) lands in the dead-letter target, the
 * dead_letters table, without retries; the changes of the same batch before and after it are published.
 */
class ChangesToRabbitPoisonIT extends ItSupport {

    private static final String NAME = nameFor(ChangesToRabbitPoisonIT.class);
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(ChangesToRabbitPoisonIT.class);
        execute(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void poisonChangeIsDeadLetteredAndTheOthersPublished() throws Exception {
        Map<String, String> env = ChangesToRabbit.settings(NAME, "notes");
        env.put("RABBITMQ_MAX_MESSAGE_SIZE", "2000");
        try (RabbitExchangeQueue queue = new RabbitExchangeQueue(NAME, NAME);
             JarProcess jar = ChangesToRabbit.start(workDir, env)) {
            // one transaction, so the three changes are most likely one batch
            execute(db, "BEGIN", "INSERT INTO notes (id, body) VALUES (1, 'small')",
                    "INSERT INTO notes (id, body) VALUES (2, repeat('x', 5000))",
                    "INSERT INTO notes (id, body) VALUES (3, 'small too')", "COMMIT");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(queue.keys()).as(jar.output())
                    .containsExactly("public.notes.insert 1", "public.notes.insert 3"));
            // the batch is published first, then its unpublishable change dead-lettered; the table comes with it
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> deadLetters() == 1);
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT route, table_name, error, attempts, payload FROM dead_letters")) {
                assertThat(rs.next()).as("a dead letter").isTrue();
                assertThat(rs.getString("route")).isEqualTo("changes-to-rabbitmq-message");
                assertThat(rs.getString("table_name")).isEqualTo("public.notes");
                assertThat(rs.getString("error")).contains("more than maxMessageSize 2000");
                assertThat(rs.getInt("attempts")).isEqualTo(1);
                DatabaseChange poison = ChangeJson.fromJson(rs.getString("payload"));
                assertThat(poison.newData()).containsEntry("id", 2);
                assertThat(rs.next()).as("only one dead letter").isFalse();
            }
        }
    }

    private static int deadLetters() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM dead_letters")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
