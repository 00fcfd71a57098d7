package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;

/**
 * Both ways with Skytools' python3-pgq as the peer: what the Camel producer inserts (Maps and a DatabaseChange) a
 * {@code pgq.Consumer} script reads as its own, with the same decoded data; what a Skytools producer inserts and what
 * the seed's {@code logutriga} trigger writes, the Camel consumer reads with the same data.
 */
class PgqSkytoolsInteropIT extends PgqItSupport {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPTS = Path.of("src", "test", "resources", "pgq").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HikariDataSource db;
    private static CamelContext context;
    private static final List<Object> received = new CopyOnWriteArrayList<>();

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        db = freshQueue(PgqSkytoolsInteropIT.class, "to_skytools");
        query(db, "select pgq.create_queue('mailer')");
        execute(db, "CREATE SCHEMA queue",
                "CREATE TABLE queue.welcome_email (username text, language text, firstname text, lastname text)",
                "CREATE TRIGGER ins_to_queue BEFORE INSERT ON queue.welcome_email FOR EACH ROW"
                + " EXECUTE PROCEDURE pgq.logutriga('mailer', 'SKIP')");
        query(db, "select pgq.register_consumer('to_skytools', 'collector')");
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", db);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pgq:mailer?consumerName=camel&idleDelay=200").routeId("camel-mailer")
                        .process(exchange -> received.add(exchange.getMessage().getBody()));
            }
        });
        context.start();
    }

    @AfterAll
    static void stop() {
        context.stop();
        db.close();
    }

    @Test
    void skytoolsConsumerReadsWhatCamelProduces() throws Exception {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("username", "user" + i);
            fields.put("email", "user" + i + "@example.com");
            fields.put("note", "a & b = c + d %20 ümlaut/?#");
            fields.put("missing", null);
            maps.add(fields);
        }
        DatabaseChange change = new DatabaseChange("public", "accounts", ChangeType.UPDATE, Map.of("id", 7),
                Map.of("id", 7, "name", "Ann"), null, Instant.now(), new SourcePosition("poll", "1"));
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            producer.sendBodyAndHeader("pgq:to_skytools", maps, PgqConstants.TYPE, "welcome_email");
            producer.sendBody("pgq:to_skytools", change);
        }
        tick(db, "to_skytools");

        Path output = workDir.resolve("collected.jsonl");
        Path config = workDir.resolve("collector.ini");
        Files.writeString(config, """
                [collector]
                job_name = collector
                src_db = host=%s user=%s dbname=%s
                pgq_queue_name = to_skytools
                logfile = %s
                pidfile = %s
                output_file = %s
                expected = 51
                loop_delay = 0.2
                """.formatted(PG_HOST, PG_USER, nameFor(getClass()), workDir.resolve("collector.log"),
                workDir.resolve("collector.pid"), output));
        Process python = new ProcessBuilder(PYTHON, SCRIPTS.resolve("skytools_consumer.py").toString(),
                config.toString()).redirectErrorStream(true).redirectOutput(workDir.resolve("python.out").toFile())
                .start();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("the Skytools consumer ended").isTrue();
        assertThat(python.exitValue()).as(Files.readString(workDir.resolve("python.out"))).isZero();

        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(51);
        for (int i = 0; i < 50; i++) {
            Map<?, ?> line = JSON.readValue(lines.get(i), Map.class);
            assertThat(line.get("type")).isEqualTo("welcome_email");
            assertThat((Map<?, ?>) line.get("data")).isEqualTo(maps.get(i));
        }
        Map<?, ?> last = JSON.readValue(lines.get(50), Map.class);
        assertThat(last.get("type")).isEqualTo("U:id");
        assertThat(last.get("extra1")).isEqualTo("public.accounts");
        assertThat((Map<?, ?>) last.get("data")).isEqualTo(Map.of("id", "7", "name", "Ann"));
    }

    @Test
    void camelConsumerReadsWhatSkytoolsAndLogutrigaProduce() throws Exception {
        List<Map<String, String>> sent = List.of(
                Map.of("username", "kristokaiv", "email", "kristo.kaiv@geemail.com"),
                Map.of("username", "ann", "email", "ann+1@example.com", "note", "50% & more = ümlaut"));
        Process python = new ProcessBuilder(PYTHON, SCRIPTS.resolve("skytools_producer.py").toString(),
                "host=" + PG_HOST + " user=" + PG_USER + " dbname=" + nameFor(getClass()), "mailer",
                JSON.writeValueAsString(sent)).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("producer.out").toFile()).start();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(Files.readString(workDir.resolve("producer.out"))).isZero();
        execute(db, "INSERT INTO queue.welcome_email (username, language, firstname, lastname)"
                    + " VALUES ('kristokaiv', 'Kristo', 'Kaiv', 'kristo.kaiv@geemail.com')");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            tick(db, "mailer");
            return received.size() >= 3;
        });
        assertThat(received).hasSize(3);
        assertThat(((PgqEvent) received.get(0)).fields()).isEqualTo(sent.get(0));
        assertThat(((PgqEvent) received.get(1)).fields()).isEqualTo(sent.get(1));
        DatabaseChange change = (DatabaseChange) received.get(2);
        assertThat(change.qualifiedTable()).isEqualTo("queue.welcome_email");
        assertThat(change.changeType()).isEqualTo(ChangeType.INSERT);
        assertThat(change.newData()).containsExactly(Map.entry("username", "kristokaiv"),
                Map.entry("language", "Kristo"), Map.entry("firstname", "Kaiv"),
                Map.entry("lastname", "kristo.kaiv@geemail.com"));
        assertThat(change.source().mode()).isEqualTo("pgq");
    }
}
