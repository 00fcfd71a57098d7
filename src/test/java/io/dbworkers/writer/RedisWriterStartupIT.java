package io.dbworkers.writer;

import org.junit.jupiter.api.Test;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer never creates its table by itself: without it start-up fails with one line that names TABLE_NAME and the
 * migrate command; {@code migrate} creates it and says so, and a second run finds nothing to do. A bad setting is one
 * line, exit status 2.
 */
class RedisWriterStartupIT extends RedisWriterItBase {

    @Test
    void missingTableThenMigrateThenStart() throws Exception {
        JarProcess missing = startWriter(env());
        assertThat(missing.waitFor(60)).isEqualTo(2);
        assertThat(missing.output().lines().filter(l -> l.startsWith("db-workers: "))).containsExactly(
                "db-workers: TABLE_NAME: table sensor_readings does not exist; create it with"
                        + " 'java -jar db-workers.jar migrate' or set MIGRATE_ON_START=true");
        assertThat(queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'sensor_readings%'"))
                .isZero();

        JarProcess migrate = JarProcess.start(workDir, env(), "migrate");
        jars.add(migrate);
        assertThat(migrate.waitFor(60)).isZero();
        assertThat(migrate.output()).contains("Table sensor_readings in postgres@jdbc:postgresql://")
                .contains(": applied 2 migration(s)");
        JarProcess again = JarProcess.start(workDir, env(), "migrate");
        jars.add(again);
        assertThat(again.waitFor(60)).isZero();
        assertThat(again.output()).contains("is up to date; no migration applied");

        int total = addReadings(2, 10);
        startWriter(env());
        await().until(() -> rows() == total && pending() == 0);
    }

    @Test
    void migrateOnStartCreatesTheTable() throws Exception {
        int total = addReadings(1, 5);
        startWriter(env("MIGRATE_ON_START", "true"));
        await().until(() -> queryLong("SELECT count(*) FROM information_schema.tables"
                + " WHERE table_name = 'sensor_readings'") == 1 && rows() == total);
    }

    @Test
    void badSettingIsOneLineAndExitTwo() throws Exception {
        migrate();
        JarProcess jar = startWriter(env("BATCH_SIZE", "lots"));
        assertThat(jar.waitFor(60)).isEqualTo(2);
        assertThat(jar.output().lines().filter(l -> l.startsWith("db-workers: ")))
                .containsExactly("db-workers: BATCH_SIZE: 'lots' is not a whole number");
        assertThat(jar.output()).doesNotContain("\tat ");
    }
}
