package io.dbworkers.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dbworkers.component.redis.streams.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ZooKeeper out of reach of both instances (they reach it through a proxy of the test's own, which drops every
 * connection) until ZooKeeper has expired their sessions, then back: the leader stops polling while cut off (no
 * instance may lead without ZooKeeper), nothing is lost, both instances rejoin the election, exactly one leads again
 * and rows keep flowing. What the leader did meanwhile is printed (docs/clustering.md has the figures).
 */
class ClusteredZooKeeperOutageIT extends PolledCopyIt {


    @Test
    void afterAnOutageLongerThanTheSessionExactlyOneLeadsAgainAndNothingIsLost() throws Exception {
        Path routes = PolledCopy.routeFile(workDir);
        try (TcpProxy zookeeper = new TcpProxy("127.0.0.1", 2181);
             ClusterJars cluster = cluster("127.0.0.1:" + zookeeper.port());
             Election election = new Election(cluster.clusterUrl());
             RowWriter writer = RowWriter.start(db, 40)) {
            cluster.start("node-1", routes);
            cluster.start("node-2", routes);
            cluster.await("both instances in the election, one leading", 180, () -> election.participants() == 2
                    && cluster.leaderGauges().values().stream().filter(b -> b).count() == 1
                    && copy.deliverers().size() == 1);
            String leader = copy.deliverers().get(0);

            long cutAt = copy.now();
            zookeeper.cut();
            cluster.await("ZooKeeper expiring both sessions", 120, () -> election.participants() == 0);
            long expiredAt = copy.now();
            // the leader must have stopped: no row delivered for 5 s on end while ZooKeeper is out of reach
            await("the leader stopping while cut off").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> copy.now() - lastDelivery() > 5_000);
            long last = lastDelivery();
            assertThat(copy.deliverersBetween(cutAt, copy.now())).as("instances delivering after the cut")
                    .isSubsetOf(leader);
            System.out.printf("ClusteredZooKeeperOutageIT: ZooKeeper cut off at 0 ms; its sessions expired by %d ms;"
                            + " the leader %s delivered its last row at %d ms; readiness while cut off: %s %d, %s %d%n",
                    expiredAt - cutAt, leader, last - cutAt, "node-1", cluster.readiness("node-1"), "node-2",
                    cluster.readiness("node-2"));

            long restoredAt = copy.now();
            zookeeper.restore();
            cluster.await("both instances back in the election, one leading", 120, () -> election.participants() == 2
                    && cluster.leaders().size() == 1);
            String after = cluster.leaders().get(0);
            long settledAt = copy.now();
            cluster.await("rows flowing again", 120, () -> copy.scalar("SELECT count(*) FROM sink WHERE delivered_at"
                    + " > to_timestamp(" + settledAt + " / 1000.0)") > 5L * PolledCopy.BATCH);
            System.out.printf("ClusteredZooKeeperOutageIT: ZooKeeper back at %d ms; %s leads, first row %d ms after%n",
                    restoredAt - cutAt, after, copy.firstDeliveryAfter(after, restoredAt));
            assertThat(cluster.leaders()).as("instances leading").containsExactly(after);

            long rows = writer.stop();
            cluster.await("every row delivered", 300, () -> copy.missing() == 0);
            assertThat(rows).isEqualTo(copy.sourceRows());
            assertThat(copy.deliverersBetween(settledAt, copy.now())).as("instances delivering once settled")
                    .containsExactly(after);
            List<Long> duplicates = copy.duplicates();
            System.out.printf("ClusteredZooKeeperOutageIT: %d rows, %d delivered twice%n", rows, duplicates.size());
            assertThat(duplicates.size()).as("rows delivered twice: at most the batch in hand at the cut")
                    .isLessThanOrEqualTo(PolledCopy.BATCH);
        }
    }

    private long lastDelivery() throws Exception {
        return copy.scalar("SELECT (extract(epoch FROM max(delivered_at)) * 1000)::bigint FROM sink");
    }
}
