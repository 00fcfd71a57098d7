package io.dbworkers.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Settings;

class DeadLetterTargetTest {

    private static DeadLetterTarget parse(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return DeadLetterTarget.parse(new Settings(map::get));
    }

    @Test
    void redisStreamWithColonInItsName() {
        DeadLetterTarget target = parse("DEAD_LETTER_URL", "redis://127.0.0.1:6379/mqtt_stream:failed");

        assertThat(target.kind()).isEqualTo(DeadLetterTarget.Kind.REDIS);
        assertThat(target.endpointUri()).isEqualTo("redis-streams:mqtt_stream:failed?redisUri=redis://127.0.0.1:6379");
        assertThat(target).hasToString("the Redis stream mqtt_stream:failed on redis://127.0.0.1:6379");
    }

    @Test
    void redisWithCredentialsAndMaxLen() {
        DeadLetterTarget target = parse("DEAD_LETTER_URL", "redis://app:s3cr%40t@cache:6380/failed",
                "DEAD_LETTER_MAXLEN", "1000");

        assertThat(target.endpointUri())
                .isEqualTo("redis-streams:failed?redisUri=RAW(redis://app:s3cr%40t@cache:6380)&maxLen=1000");
        assertThat(target.toString()).doesNotContain("s3cr").isEqualTo(
                "the Redis stream failed on redis://cache:6380 (at most 1000 entries)");
    }

    @Test
    void redisDefaultPort() {
        assertThat(parse("DEAD_LETTER_URL", "redis://localhost/dead").endpointUri())
                .isEqualTo("redis-streams:dead?redisUri=redis://localhost:6379");
    }

    @Test
    void amqpQueue() {
        DeadLetterTarget target = parse("DEAD_LETTER_URL", "amqp://worker:p%40ss@rabbit:5673/failed.changes");

        assertThat(target.kind()).isEqualTo(DeadLetterTarget.Kind.AMQP);
        assertThat(target.amqp()).isEqualTo(new DeadLetterTarget.Amqp("rabbit", 5673, "worker", "p@ss",
                "failed.changes"));
        assertThat(target.amqp().toString()).isEqualTo("amqp://worker:****@rabbit:5673/failed.changes");
        assertThat(target.endpointUri()).isEqualTo("spring-rabbitmq:default"
                + "?connectionFactory=#dbWorkersDeadLetterConnectionFactory&routingKey=failed.changes"
                + "&confirm=enabled&confirmTimeout=5000");
        assertThat(target).hasToString("the durable RabbitMQ queue failed.changes on rabbit:5673");
    }

    @Test
    void amqpDefaults() {
        assertThat(parse("DEAD_LETTER_URL", "amqp://localhost/dead").amqp())
                .isEqualTo(new DeadLetterTarget.Amqp("localhost", 5672, "guest", "guest", "dead"));
    }

    @Test
    void unsetMeansTheTable() {
        DeadLetterTarget target = parse("DEAD_LETTER_URL", "  ");

        assertThat(target.kind()).isEqualTo(DeadLetterTarget.Kind.TABLE);
        assertThat(target.endpointUri()).isNull();
        assertThat(target).hasToString("the dead_letters table of the dataSource bean");
    }

    @Test
    void unsupportedSchemeIsNamedWithThePasswordMasked() {
        assertThatThrownBy(() -> parse("DEAD_LETTER_URL", "kafka://user:hunter2@broker:9092/dead"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("DEAD_LETTER_URL: unsupported scheme 'kafka' in kafka://user:****@broker:9092/dead"
                        + " (use redis://host:port/STREAM, amqp://user:pass@host:port/QUEUE,"
                        + " or leave it unset for the dead_letters table)");
    }

    @Test
    void missingQueue() {
        assertThatThrownBy(() -> parse("DEAD_LETTER_URL", "amqp://guest:guest@localhost:5672/"))
                .hasMessage("DEAD_LETTER_URL: names no queue: amqp://guest:****@localhost:5672/");
    }

    @Test
    void missingStream() {
        assertThatThrownBy(() -> parse("DEAD_LETTER_URL", "redis://localhost:6379"))
                .hasMessage("DEAD_LETTER_URL: names no stream: redis://localhost:6379");
    }

    @Test
    void missingHost() {
        assertThatThrownBy(() -> parse("DEAD_LETTER_URL", "amqp:///dead"))
                .hasMessage("DEAD_LETTER_URL: has no host: amqp:///dead");
    }

    @Test
    void badName() {
        assertThatThrownBy(() -> parse("DEAD_LETTER_URL", "amqp://u:pw@localhost/dead%20letters"))
                .hasMessage("DEAD_LETTER_URL: the queue name 'dead letters' may hold only letters, digits, '_', '.',"
                        + " ':' and '-': amqp://u:****@localhost/dead%20letters");
    }

    @Test
    void notAUrl() {
        assertThatThrownBy(() -> parse("DEAD_LETTER_URL", "redis://u:pw@host:6379/a b"))
                .hasMessage("DEAD_LETTER_URL: is not a valid URL: redis://u:****@host:6379/a b");
    }

    @Test
    void badMaxLen() {
        assertThatThrownBy(() -> parse("DEAD_LETTER_URL", "redis://localhost/dead", "DEAD_LETTER_MAXLEN", "lots"))
                .hasMessage("DEAD_LETTER_MAXLEN: 'lots' is not a whole number");
    }
}
