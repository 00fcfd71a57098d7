package io.dbworkers.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances run the same clustered db-poll copy while a writer inserts rows: exactly one polls. The leader is
 * killed with kill -9 mid-stream; another takes over, every row is delivered, and the only rows delivered twice are
 * those the dead leader delivered beyond the offset it saved last (read from the offset table's history), at most a
 * batch.
 */
class ClusteredPollerKillIT extends ItSupport {

    private static final String DATABASE = nameFor(ClusteredPollerKillIT.class);
    private static HikariDataSource db;
    private static PolledCopy copy;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshPostgres(ClusteredPollerKillIT.class);
        copy = new PolledCopy(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void anotherInstanceTakesOverAfterKill9AndOnlyTheRowsInFlightComeTwice() throws Exception {
        Path routes = PolledCopy.routeFile(workDir);
        try (ClusterJars cluster = new ClusterJars(workDir, ClusteredPollerKillIT.class, ClusterJars.ZOOKEEPER,
                "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + DATABASE, Map.of());
             RowWriter writer = RowWriter.start(db, 20)) {
            for (String node : List.of("node-1", "node-2", "node-3")) {
                cluster.start(node, routes);
            }
            cluster.await("the offset table", 180, copy::offsetTableExists);
            copy.keepOffsetHistory();
            // every instance up and saying whether it leads; the leader has saved offsets since the trigger
            cluster.await("three instances answering, offsets saved", 180, () -> cluster.leaderGauges().size() == 3
                            && copy.scalar("SELECT count(*) FROM offset_history") >= 10);
            List<String> deliverers = copy.deliverers();
            assertThat(deliverers).as("the instances that delivered rows so far").hasSize(1);
            String leader = deliverers.get(0);
            assertThat(copy.offsetSavers()).as("the instances that saved offsets so far").containsExactly(leader);
            assertThat(cluster.leaders()).as("instances whose dbworkers_cluster_leader is 1").containsExactly(leader);

            long killedAt = copy.now();
            cluster.jar(leader).kill();
            cluster.await("a take-over", 120, () -> copy.deliverers().size() == 2);
            String next = copy.deliverers().get(1);
            long takeover = copy.firstDeliveryAfter(next, killedAt);
            System.out.printf("ClusteredPollerKillIT: %s killed, %s delivered its first row %d ms later%n",
                    leader, next, takeover);
            // the real figure is the session timeout (6 s) plus a few seconds (docs/clustering.md, bench/failover.sh)
            assertThat(takeover).as("take-over time, ms").isLessThan(60_000);

            long rows = writer.stop();
            cluster.await("every row delivered", 120, () -> copy.missing() == 0);
            assertThat(rows).isEqualTo(copy.sourceRows());
            assertThat(copy.deliverers()).as("instances that delivered rows").containsExactly(leader, next);
            assertThat(copy.offsetSavers()).as("instances that saved offsets").containsExactly(leader, next);

            long saved = copy.lastSavedBy(leader);
            List<Long> inFlight = copy.deliveredBeyond(leader, saved);
            System.out.printf("ClusteredPollerKillIT: %d rows; %s saved its offset last at id %d and had delivered %d"
                    + " rows beyond it%n", rows, leader, saved, inFlight.size());
            assertThat(copy.duplicates()).as("rows delivered twice: those %s delivered after its last saved offset"
                    + " (id %d)", leader, saved).isEqualTo(inFlight);
            assertThat(inFlight.size()).as("rows in flight at the kill").isLessThanOrEqualTo(PolledCopy.BATCH);
            assertThat(copy.maxCopies()).as("no row more than twice").isLessThanOrEqualTo(2);
        }
    }
}
