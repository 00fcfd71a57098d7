package io.dbworkers.writer;

import org.junit.jupiter.api.Test;

import io.dbworkers.component.redis.streams.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection to Redis is lost mid-run (every socket cut, new ones refused), then comes back: nothing lost or doubled. */
class RedisWriterReconnectIT extends RedisWriterItBase {

    @Test
    void lostRedisConnectionIsReestablished() throws Exception {
        migrate();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 6379)) {
            int first = addReadings(10, 500);
            startWriter(env("REDIS_PORT", Integer.toString(proxy.port()), "BATCH_SIZE", "20"));
            await().until(() -> rows() > 0);
            proxy.cut();
            int second = addReadings(10, 500);
            long during = rows();
            assertThat(during).isLessThan(first + second);
            proxy.restore();
            await().until(() -> rows() == first + second && pending() == 0);
            assertThat(duplicateRows()).isZero();
            assertThat(deadLettered()).isEmpty();
        }
    }
}
