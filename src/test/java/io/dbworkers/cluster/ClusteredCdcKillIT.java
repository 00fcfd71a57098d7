package io.dbworkers.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.component.dbcdc.ReplicationSlots;
import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances run the shipped examples/clustered-changes-to-rabbitmq.yaml (db-cdc from a replication slot,
 * published to RabbitMQ, as a singleton) while a writer inserts rows; the leader is killed with kill -9 mid-stream,
 * another takes over the slot, and every row arrives in the queue at least once.
 */
class ClusteredCdcKillIT extends ItSupport {

    private static final String NAME = nameFor(ClusteredCdcKillIT.class);
    private static final Path ROUTE_FILE = Path.of("examples", "clustered-changes-to-rabbitmq.yaml");
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(ClusteredCdcKillIT.class);
        execute(db, "CREATE TABLE source (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL,"
                + " updated_at TIMESTAMP NOT NULL DEFAULT now())");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void noChangeIsLostWhenTheLeaderIsKilled() throws Exception {
        ReplicationSlots slots = CdcCapture.postgresSlots();
        Map<String, String> env = Map.of("CDC_TABLES", "source", "CDC_SLOT", NAME, "RABBITMQ_URL", AMQP_URI,
                "RABBITMQ_EXCHANGE", NAME);
        try (ChangeQueue queue = new ChangeQueue(NAME, NAME);
             ClusterJars cluster = new ClusterJars(workDir, ClusteredCdcKillIT.class, ClusterJars.ZOOKEEPER,
                     "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME, env)) {
            for (String node : List.of("node-1", "node-2", "node-3")) {
                cluster.start(node, ROUTE_FILE);
            }
            // from the moment the slot streams, every committed change is captured
            cluster.await("the leader streaming from the slot", 180, () -> slots.list().stream()
                    .anyMatch(s -> s.name().equals(NAME) && s.active() && s.confirmedFlushLsn() != null));
            long rows;
            try (RowWriter writer = RowWriter.start(db, 40)) {
                cluster.await("three instances answering, changes arriving", 180,
                        () -> cluster.leaderGauges().size() == 3 && queue.distinctIds() >= 200);
                List<String> leaders = cluster.leaders();
                assertThat(leaders).as("instances leading").hasSize(1);
                String leader = leaders.get(0);

                long killedAt = System.nanoTime();
                long writtenAtKill = writer.written();
                cluster.jar(leader).kill();
                cluster.await("a take-over", 120, () -> cluster.leaders().size() == 1
                        && !cluster.leaders().contains(leader) && queue.distinctIds() > writtenAtKill);
                System.out.printf("ClusteredCdcKillIT: %s killed, %s leads and published rows written after the kill"
                        + " within %d ms%n", leader, cluster.leaders(), (System.nanoTime() - killedAt) / 1_000_000);
                rows = writer.stop();
            }
            cluster.await("every change in the queue", 300, () -> queue.distinctIds() == rows);
            Map<Long, Integer> arrivals = queue.arrivals();
            assertThat(arrivals.keySet()).as("rows whose change arrived")
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, rows).boxed().toList());
            System.out.printf("ClusteredCdcKillIT: %d changes, %d arrived twice or more%n", rows,
                    arrivals.values().stream().filter(n -> n > 1).count());
        }
    }
}
