package io.dbworkers.writer;

import java.time.Duration;
import java.util.regex.Pattern;

import io.dbworkers.component.redis.streams.RedisStreamsConsumer;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.Settings;

/**
 * The settings of the Redis-streams-to-PostgreSQL writer, under the environment names of the Python service it
 * replaces, validated once at start-up. docs/redis-writer.md says what each one does.
 *
 * @param consumerName       never null: the host name when {@code CONSUMER_NAME} is unset
 * @param processingInterval the pause after a batch smaller than {@code batchSize}; zero for none
 */
public record WriterSettings(String redisHost, int redisPort, ConnectionUrl database, String group,
        String consumerName, int batchSize, Duration batchTimeout, Duration processingInterval, String streamPattern,
        String deadLetterStream, String tableName, boolean enableTimescale, boolean migrateOnStart, int maxDeliveries,
        Duration claimIdle) {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

    public static WriterSettings from(Settings settings) {
        ConnectionUrl database = settings.connection("DATABASE").orElseThrow(() -> new ConfigurationException(
                "DATABASE_URL", "is not set; the Redis writer needs PostgreSQL, e.g."
                        + " postgresql://user:pass@localhost:5432/iot_dashboard"));
        if (!"postgresql".equals(database.product())) {
            throw new ConfigurationException("DATABASE_URL", "must point at PostgreSQL (the writer uses COPY), not "
                    + database.product());
        }
        Duration batchTimeout = settings.seconds("BATCH_TIMEOUT_SEC", Duration.ofSeconds(5));
        if (batchTimeout.toMillis() < 1 || batchTimeout.toMillis() > 3_600_000) {
            throw new ConfigurationException("BATCH_TIMEOUT_SEC", "must be between 0.001 and 3600 seconds");
        }
        Duration interval = settings.seconds("PROCESSING_INTERVAL_SEC", Duration.ofSeconds(1));
        if (interval.toMillis() > 3_600_000) {
            throw new ConfigurationException("PROCESSING_INTERVAL_SEC", "must be at most 3600 seconds");
        }
        Duration claimIdle = settings.seconds("CLAIM_IDLE_SEC", Duration.ofSeconds(60));
        if (claimIdle.toMillis() < 1000) {
            throw new ConfigurationException("CLAIM_IDLE_SEC", "must be at least 1 second");
        }
        String table = settings.string("TABLE_NAME", "sensor_readings");
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new ConfigurationException("TABLE_NAME", "'" + table + "' is not a plain lower-case identifier of"
                    + " at most 40 characters (a-z, 0-9, _)");
        }
        String pattern = settings.string("STREAM_PATTERN", "mqtt_stream:*");
        String deadLetters = settings.string("DEAD_LETTER_STREAM", "mqtt_stream:failed");
        if (deadLetters.contains("*") || deadLetters.contains("?") || deadLetters.contains("[")) {
            throw new ConfigurationException("DEAD_LETTER_STREAM", "'" + deadLetters + "' is a pattern, not a stream");
        }
        // LOG_LEVEL and LOG_FORMAT are checked with the other start-up settings (StartupSettings)
        return new WriterSettings(
                settings.string("REDIS_HOST", "localhost"),
                settings.integer("REDIS_PORT", 6379, 1, 65535),
                database,
                settings.string("CONSUMER_GROUP_NAME", "db_writer"),
                settings.string("CONSUMER_NAME").orElseGet(RedisStreamsConsumer::hostName),
                settings.integer("BATCH_SIZE", 100, 1, 100_000),
                batchTimeout,
                interval,
                pattern,
                deadLetters,
                table,
                settings.bool("ENABLE_TIMESCALE", false),
                settings.bool("MIGRATE_ON_START", false),
                settings.integer("MAX_DELIVERIES", 10, 1, 1_000_000),
                claimIdle);
    }

    public String redisUri() {
        return "redis://" + (redisHost.contains(":") ? "[" + redisHost + "]" : redisHost) + ":" + redisPort;
    }
}
