package io.dbworkers.deadletter;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.Settings;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** DEAD_LETTER_URL=redis://host:port/STREAM: a row that fails validation becomes an entry of that stream. */
class DeadLetterRedisIT extends ItSupport {

    private static final String STREAM = nameFor(DeadLetterRedisIT.class) + ":dead-letters";
    private static HikariDataSource ds;
    private static RedisClient redis;
    private static StatefulRedisConnection<String, String> connection;
    private static CamelContext context;
    private static ItemsRoute items;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisClient.create(REDIS_URI);
        connection = redis.connect();
        connection.sync().del(STREAM);
        ds = freshPostgres(DeadLetterRedisIT.class);
        execute(ds, ItemsRoute.CREATE_TABLE);
        context = new DefaultCamelContext();
        context.getRegistry().bind("ds", ds);
        DeadLetters.install(context, new Settings(Map.of("DEAD_LETTER_URL", REDIS_URI + "/" + STREAM)::get));
        items = new ItemsRoute(Files.createTempDirectory("dead-letter-redis").resolve("offsets.json"));
        context.addRoutes(items);
        context.start();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.stop();
        }
        if (ds != null) {
            ds.close();
        }
        connection.sync().del(STREAM);
        connection.close();
        redis.shutdown();
    }

    @Test
    void badRowBecomesAStreamEntry() {
        execute(ds, "INSERT INTO items (email) VALUES ('a@example.com'), ('bad'), ('c@example.com')");

        await().atMost(Duration.ofSeconds(30)).until(() -> items.processed.size() == 2);
        assertThat(items.processed).containsExactly("a@example.com", "c@example.com");

        List<StreamMessage<String, String>> entries = connection.sync().xrange(STREAM, io.lettuce.core.Range.create("-", "+"));
        assertThat(entries).hasSize(1);
        Map<String, String> fields = entries.get(0).getBody();
        assertThat(fields).containsEntry("route", "items").containsEntry("table", "public.items")
                .containsEntry("key", "{\"id\":2}").containsEntry("error", "email 'bad' has no @")
                .containsEntry("error_class", ValidationException.class.getName()).containsEntry("attempts", "1")
                .containsKey("failed_at");
        assertThat(Instant.parse(fields.get("failed_at"))).isBefore(Instant.now());
        DatabaseChange change = ChangeJson.fromJson(fields.get("payload"));
        assertThat(change.newData()).containsEntry("email", "bad");
    }
}
