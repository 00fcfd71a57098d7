package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;

/**
 * A real pgqd stopped: the test's database is ticked by a pgqd of the test's own (own ini, pid and log files, own
 * role), which the test kills. The shared pgqd of scripts/prepare-servers.sh (role postgres) cannot tick this
 * database: postgres's sessions in it are read-only ({@code ALTER ROLE postgres IN DATABASE ... SET
 * default_transaction_read_only}), so its {@code pgq.ticker()} fails there while it keeps ticking every other one.
 * Without ticks the consumer waits without spinning, stays ready and reports its growing lag; once the pgqd runs
 * again it delivers what waited, nothing lost.
 */
class PgqNoTicksIT extends PgqItSupport {

    private static final String QUEUE = "quiet";
    private static final String ROLE = nameFor(PgqNoTicksIT.class);

    @TempDir
    Path workDir;

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HikariDataSource db;
    private CamelContext context;
    private Process pgqd;

    @AfterEach
    void stop() throws Exception {
        stopPgqd();
        if (context != null) {
            context.stop();
        }
        if (db != null) {
            db.close();
        }
        // the shared pgqd may tick the database again (it logs an error for it each round while postgres is read-only)
        try (HikariDataSource postgres = DataSources.pool("postgres",
                new ConnectionUrl(postgresJdbcUrl("postgres"), PG_USER, null), 1)) {
            execute(postgres, "ALTER ROLE postgres IN DATABASE " + nameFor(PgqNoTicksIT.class)
                              + " RESET default_transaction_read_only");
        }
    }

    @Test
    void waitsWithoutSpinningStaysReadyAndResumesWhenPgqdIsBack() throws Exception {
        db = databaseTheSharedPgqdCannotTick();
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", db);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pgq:" + QUEUE + "?idleDelay=200").routeId(QUEUE)
                        .process(exchange -> seen.add(exchange.getMessage().getBody(PgqEvent.class).data()));
            }
        });
        context.start();
        PgqConsumer consumer = (PgqConsumer) context.getRoute(QUEUE).getConsumer();

        startPgqd(1);
        query(db, "select pgq.insert_event('" + QUEUE + "', 'n', 'before')");
        await("the test's pgqd ticks").atMost(Duration.ofSeconds(90)).until(() -> seen.contains("before"));

        stopPgqd();
        query(db, "select pgq.insert_event('" + QUEUE + "', 'n', 'waited')");
        long calls = nextBatchCalls();
        long from = System.nanoTime();
        // PgQ's pending_events counts events in ticks not consumed yet: 0 here, the new event has no tick
        await("lag reported without ticks").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> lagSeconds(consumer) >= 8);
        double seconds = (System.nanoTime() - from) / 1e9;
        assertThat(seen).containsExactly("before");
        assertThat(consumer.readinessProblem()).as("ready while there are no ticks").isNull();
        // idleDelay 200 ms: about 5 next_batch calls a second (fewer under load); spinning makes hundreds
        assertThat(nextBatchCalls() - calls).as("next_batch calls in %.1f s without ticks", seconds)
                .isLessThanOrEqualTo(Math.round(seconds * 10) + 20);

        startPgqd(2);
        await("resumes once pgqd ticks again").atMost(Duration.ofSeconds(90)).until(() -> seen.contains("waited"));
        assertThat(seen).containsExactly("before", "waited");
        assertThat(consumer.readinessProblem()).isNull();
    }

    /**
     * The test's database, queue and role ({@value #QUEUE}, a superuser of the test's own); postgres, the shared
     * pgqd's role, is read-only in it, and its sessions there are ended so that none predates that setting.
     */
    private static HikariDataSource databaseTheSharedPgqdCannotTick() {
        String database = nameFor(PgqNoTicksIT.class);
        try (HikariDataSource admin = freshPostgres(PgqNoTicksIT.class)) {
            execute(admin, "DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN SUPERUSER; "
                           + "EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                    "ALTER ROLE postgres IN DATABASE " + database + " SET default_transaction_read_only = on",
                    "ALTER DATABASE " + database + " SET track_functions = 'pl'");
        }
        try (HikariDataSource postgres = DataSources.pool("postgres",
                new ConnectionUrl(postgresJdbcUrl("postgres"), PG_USER, null), 1)) {
            query(postgres, "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '"
                            + database + "' and usename = '" + PG_USER + "'");
        }
        HikariDataSource db = DataSources.pool(database, new ConnectionUrl(postgresJdbcUrl(database), ROLE, null), 4);
        execute(db, "CREATE EXTENSION pgq");
        query(db, "select pgq.create_queue('" + QUEUE + "')");
        return db;
    }

    private void startPgqd(int run) throws Exception {
        Path ini = workDir.resolve("pgqd-" + run + ".ini");
        Files.writeString(ini, """
                [pgqd]
                base_connstr = host=%s port=5432 user=%s
                initial_database = %s
                database_list = %s
                logfile = %s
                pidfile = %s
                check_period = 1
                retry_period = 1
                ticker_period = 1
                """.formatted(PG_HOST, ROLE, nameFor(PgqNoTicksIT.class), nameFor(PgqNoTicksIT.class),
                workDir.resolve("pgqd-" + run + ".log"), workDir.resolve("pgqd-" + run + ".pid")));
        pgqd = new ProcessBuilder("pgqd", ini.toString()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("pgqd-" + run + ".out").toFile()).start();
    }

    private void stopPgqd() throws InterruptedException {
        if (pgqd != null) {
            pgqd.destroy();
            if (!pgqd.waitFor(30, TimeUnit.SECONDS)) {
                pgqd.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            pgqd = null;
        }
    }

    /** Calls of pgq.next_batch_custom in the test's database so far (track_functions is on there). */
    private long nextBatchCalls() {
        return scalar(db, "select coalesce(sum(calls), 0) from pg_stat_user_functions"
                          + " where schemaname = 'pgq' and funcname = 'next_batch_custom'");
    }

    private static long lagSeconds(PgqConsumer consumer) {
        return ((Number) consumer.details().get("pgq.lag_seconds")).longValue();
    }
}
