package io.dbworkers.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances run the same clustered db-poll copy while a writer inserts rows: exactly one polls. The leader is
 * killed with kill -9 mid-stream, with a batch in the sink and its offset not saved; another takes over, every row is
 * delivered, and the rows delivered twice are exactly those the dead leader delivered beyond the offset it saved last
 * (read from the offset table's history): the batch in flight.
 */
class ClusteredPollerKillIT extends PolledCopyIt {

    /** db-poll's test hook (component/dbpoll/PausePoint): blocks before saving the offset of the N-th page. */
    private static final String PAUSE_BEFORE_OFFSET_SAVE = "DBWORKERS_TEST_PAUSE_BEFORE_OFFSET_SAVE";
    private static final String PAUSED = "TEST PAUSE POINT: the page is processed and its offset not saved";

    @Test
    void anotherInstanceTakesOverAfterKill9AndOnlyTheRowsInFlightComeTwice() throws Exception {
        Path routes = PolledCopy.routeFile(workDir);
        try (ClusterJars cluster = cluster(ClusterJars.ZOOKEEPER);
             RowWriter writer = RowWriter.start(db, 40)) {
            // node-1 leads first, and holds its 20th batch in the sink without saving its offset until it is killed
            cluster.start("node-1", Map.of(PAUSE_BEFORE_OFFSET_SAVE, "20"), routes);
            cluster.await("node-1 leading", 180, () -> copy.deliverers().equals(List.of("node-1")));
            cluster.start("node-2", routes);
            cluster.start("node-3", routes);
            cluster.await("three instances answering, node-1 holding a batch", 180,
                    () -> cluster.leaderGauges().size() == 3 && cluster.jar("node-1").output().contains(PAUSED));
            assertThat(copy.deliverers()).as("the instances that delivered rows so far").containsExactly("node-1");
            assertThat(copy.offsetSavers()).as("the instances that saved offsets so far").containsExactly("node-1");
            assertThat(cluster.leaders()).as("instances whose dbworkers_cluster_leader is 1").containsExactly("node-1");

            long killedAt = copy.now();
            cluster.jar("node-1").kill();
            cluster.await("a take-over", 120, () -> copy.deliverers().size() == 2);
            String next = copy.deliverers().get(1);
            long takeover = copy.firstDeliveryAfter(next, killedAt);
            System.out.printf("ClusteredPollerKillIT: node-1 killed, %s delivered its first row %d ms later%n", next,
                    takeover);
            // the real figure is the session timeout (6 s) plus a few seconds (docs/clustering.md, bench/failover.sh)
            assertThat(takeover).as("take-over time, ms").isLessThan(60_000);

            long rows = writer.stop();
            cluster.await("every row delivered", 300, () -> copy.missing() == 0);
            assertThat(rows).isEqualTo(copy.sourceRows());
            assertThat(copy.deliverers()).as("instances that delivered rows").containsExactly("node-1", next);
            assertThat(copy.offsetSavers()).as("instances that saved offsets").containsExactly("node-1", next);

            long saved = copy.lastSavedBy("node-1");
            List<Long> inFlight = copy.deliveredBeyond("node-1", saved);
            System.out.printf("ClusteredPollerKillIT: %d rows; node-1 saved its offset last at id %d and had delivered"
                    + " %d rows beyond it%n", rows, saved, inFlight.size());
            assertThat(inFlight).as("the batch in flight at the kill").isNotEmpty()
                    .hasSizeLessThanOrEqualTo(PolledCopy.BATCH);
            assertThat(copy.duplicates()).as("rows delivered twice: those node-1 delivered after its last saved offset"
                    + " (id %d)", saved).isEqualTo(inFlight);
            assertThat(copy.maxCopies()).as("no row more than twice").isLessThanOrEqualTo(2);
        }
    }
}
