package io.dbworkers.writer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;
import io.dbworkers.schema.Migrations;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The writer as users run it, {@code java -jar db-workers.jar examples/redis-to-postgres.yaml}, against a fresh
 * PostgreSQL database and the class's own streams {@code it_<class>:<device>:<sensor>}.
 */
abstract class RedisWriterItBase extends ItSupport {

    static final Path ROUTE = Path.of("examples", "redis-to-postgres.yaml").toAbsolutePath();
    static final String GROUP = "db_writer";

    protected final String name = nameFor(getClass());
    protected final String deadLetters = name + ":failed";
    protected final List<JarProcess> jars = new ArrayList<>();
    protected HikariDataSource db;
    protected RedisClient client;
    protected RedisCommands<String, String> redis;

    @TempDir
    Path workDir;

    @BeforeEach
    void prepare() {
        db = freshPostgres(getClass());
        client = RedisClient.create(REDIS_URI);
        redis = client.connect().sync();
        KeyScanArgs args = new KeyScanArgs().match(name + ":*").limit(1000);
        KeyScanCursor<String> cursor = redis.scan(args);
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                redis.del(cursor.getKeys().toArray(String[]::new));
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = redis.scan(ScanCursor.of(cursor.getCursor()), args);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (JarProcess jar : jars) {
            jar.close();
        }
        client.shutdown();
        db.close();
    }

    protected void migrate() {
        Migrations.migrate(db, "sensor_readings", false);
    }

    /** The writer's settings for this class's streams and database; extra ones override. */
    protected Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + name);
        env.put("REDIS_HOST", "127.0.0.1");
        env.put("REDIS_PORT", "6379");
        env.put("STREAM_PATTERN", name + ":*");
        env.put("DEAD_LETTER_STREAM", deadLetters);
        env.put("BATCH_TIMEOUT_SEC", "0.5");
        env.put("PROCESSING_INTERVAL_SEC", "0.1");
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    protected JarProcess startWriter(Map<String, String> env) throws Exception {
        JarProcess jar = JarProcess.start(workDir, env, ROUTE.toString());
        jars.add(jar);
        return jar;
    }

    protected String stream(String device, String sensor) {
        return name + ":" + device + ":" + sensor;
    }

    /** Adds {@code count} valid readings to each of {@code streams} streams; returns how many in all. */
    protected int addReadings(int streams, int count) {
        for (int s = 0; s < streams; s++) {
            String stream = stream("dev" + s, "temperature");
            for (int i = 0; i < count; i++) {
                redis.xadd(stream, Map.of("value", Integer.toString(i), "timestamp", "2024-01-01T00:00:00Z"));
            }
        }
        return streams * count;
    }

    protected long rows() {
        return queryLong("SELECT count(*) FROM sensor_readings");
    }

    protected long duplicateRows() {
        return queryLong("SELECT count(*) - count(DISTINCT (stream, entry_id)) FROM sensor_readings");
    }

    protected long queryLong(String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The group's entries delivered and not acknowledged, over every stream of the class. */
    protected long pending() {
        long total = 0;
        for (String stream : streams()) {
            if (!stream.equals(deadLetters)) {
                try {
                    total += redis.xpending(stream, GROUP).getCount();
                } catch (io.lettuce.core.RedisCommandExecutionException e) {
                    // no group on it yet
                }
            }
        }
        return total;
    }

    protected List<String> streams() {
        return redis.keys(name + ":*");
    }

    protected List<Map<String, String>> deadLettered() {
        List<Map<String, String>> entries = new ArrayList<>();
        for (StreamMessage<String, String> m : redis.xrange(deadLetters, io.lettuce.core.Range.create("-", "+"))) {
            entries.add(m.getBody());
        }
        return entries;
    }

    protected static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
    }
}
