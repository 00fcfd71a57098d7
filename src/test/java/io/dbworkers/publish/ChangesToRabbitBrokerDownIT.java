package io.dbworkers.publish;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.component.dbcdc.ReplicationSlots;
import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While RabbitMQ is down the worker keeps the changes: the offset and the slot's confirmed position stay where they
 * were. Once RabbitMQ is back, every change committed meanwhile is published. The outage is a proxy between the worker
 * and RabbitMQ that the test cuts, so other tests keep their broker.
 */
class ChangesToRabbitBrokerDownIT extends ItSupport {

    private static final String NAME = nameFor(ChangesToRabbitBrokerDownIT.class);
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(ChangesToRabbitBrokerDownIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void nothingIsLostWhileRabbitMqIsDown() throws Exception {
        Map<String, String> env = ChangesToRabbit.settings(NAME, "orders");
        Path offsets = workDir.resolve(ChangesToRabbit.OFFSET_FILE);
        URI broker = URI.create(AMQP_URI);
        try (TcpProxy proxy = new TcpProxy(broker.getHost(), broker.getPort() > 0 ? broker.getPort() : 5672);
             RabbitExchangeQueue queue = new RabbitExchangeQueue(NAME, NAME)) {
            env.put("RABBITMQ_URL", "amqp://" + broker.getRawUserInfo() + "@127.0.0.1:" + proxy.port());
            try (JarProcess jar = ChangesToRabbit.start(workDir, env)) {
                brokerGoesAwayAndComesBack(jar, proxy, queue, offsets);
            }
        }
    }

    private void brokerGoesAwayAndComesBack(JarProcess jar, TcpProxy proxy, RabbitExchangeQueue queue, Path offsets)
            throws Exception {
        execute(db, "INSERT INTO orders (id, status) VALUES (1, 'pending')");
        await().atMost(Duration.ofSeconds(60)).until(() -> queue.read().size() == 1 && Files.exists(offsets));
        // the offset of change 1 is saved once its exchange completed, just after the confirm
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(offsets).contains(lsnOf(queue, 0)));
        String offsetBefore = Files.readString(offsets, StandardCharsets.UTF_8);
        String confirmedBefore = confirmedLsn();

        try {
            proxy.cut();
            execute(db, "INSERT INTO orders (id, status) VALUES (2, 'pending')",
                    "UPDATE orders SET status = 'paid' WHERE id = 1",
                    "INSERT INTO orders (id, status) VALUES (3, 'pending')");
            await().atMost(Duration.ofSeconds(60)).until(() -> jar.output().contains("could not complete"));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    Files.readString(offsets, StandardCharsets.UTF_8).equals(offsetBefore)
                    && confirmedLsn().equals(confirmedBefore));
        } finally {
            proxy.restore();
        }

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(Set.copyOf(queue.keys()))
                .containsExactlyInAnyOrder("public.orders.insert 1", "public.orders.insert 2",
                        "public.orders.update 1", "public.orders.insert 3"));
        // in order, each at least once after the first (a batch may be published again after a lost confirm)
        assertThat(new LinkedHashSet<>(queue.keys())).containsExactly("public.orders.insert 1",
                "public.orders.insert 2", "public.orders.update 1", "public.orders.insert 3");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.readString(offsets).equals(offsetBefore));
        assertThat(jar.isAlive()).isTrue();
    }

    private static String lsnOf(RabbitExchangeQueue queue, int index) {
        return queue.read().get(index).change().source().position();
    }

    private static String confirmedLsn() throws Exception {
        ReplicationSlots slots = CdcCapture.postgresSlots();
        return slots.list().stream().filter(s -> s.name().equals(NAME)).findFirst().orElseThrow()
                .confirmedFlushLsn();
    }
}
