package io.dbworkers.cluster;

import java.nio.file.Path;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.ItSupport;

/** The fail-over tests of the clustered db-poll copy: the test class's own database with {@link PolledCopy}'s tables. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PolledCopyIt extends ItSupport {

    HikariDataSource db;
    PolledCopy copy;

    @TempDir
    Path workDir;

    @BeforeAll
    void schema() {
        db = freshPostgres(getClass());
        copy = new PolledCopy(db);
    }

    @AfterAll
    void closeDatabase() {
        db.close();
    }

    /** Instances of the class reaching ZooKeeper at host:port, on the class's database. */
    ClusterJars cluster(String zookeeper) {
        return new ClusterJars(workDir, getClass(), zookeeper,
                "postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + nameFor(getClass()), Map.of());
    }
}
