package io.dbworkers.cluster;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM of the leader while rows are written: it finishes the batch in hand, saves its offset, and only then gives
 * up leadership, so the next leader starts with the row after the last one delivered: no row twice, none lost.
 */
class ClusteredHandOverIT extends PolledCopyIt {


    @Test
    void theNextLeaderStartsWhereTheStoppedOneEndedWithNoDuplicate() throws Exception {
        Path routes = PolledCopy.routeFile(workDir);
        try (ClusterJars cluster = cluster(ClusterJars.ZOOKEEPER);
             RowWriter writer = RowWriter.start(db, 40)) {
            cluster.start("node-1", routes);
            cluster.start("node-2", routes);
            cluster.await("two instances answering, offsets saved", 180, () -> cluster.leaderGauges().size() == 2
                    && copy.scalar("SELECT count(*) FROM offset_history") >= 5);
            List<String> deliverers = copy.deliverers();
            assertThat(deliverers).as("the instances that delivered rows so far").hasSize(1);
            String leader = deliverers.get(0);

            long stoppedAt = copy.now();
            assertThat(cluster.jar(leader).stop()).as("exit status after SIGTERM").isIn(0, 143);
            cluster.await("a take-over", 120, () -> copy.deliverers().size() == 2);
            String next = copy.deliverers().get(1);
            System.out.printf("ClusteredHandOverIT: SIGTERM to %s, %s delivered its first row %d ms later%n", leader,
                    next, copy.firstDeliveryAfter(next, stoppedAt));

            long rows = writer.stop();
            cluster.await("every row delivered", 300, () -> copy.missing() == 0);
            assertThat(rows).isEqualTo(copy.sourceRows());
            assertThat(copy.duplicates()).as("rows delivered twice").isEmpty();
            assertThat(copy.deliverers()).as("instances that delivered rows").containsExactly(leader, next);
            long lastOfLeader = copy.scalar("SELECT max(id) FROM sink WHERE node = '" + leader + "'");
            assertThat(copy.lastSavedBy(leader)).as("the offset %s saved last", leader).isEqualTo(lastOfLeader);
            assertThat(copy.scalar("SELECT min(id) FROM sink WHERE node = '" + next + "'"))
                    .as("the first row %s delivered", next).isEqualTo(lastOfLeader + 1);
        }
    }
}
