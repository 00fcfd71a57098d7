package io.dbworkers.publish;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;
import io.dbworkers.it.CdcCapture;

/** The shipped route file examples/changes-to-rabbitmq.yaml run through the jar, for one test class. */
final class ChangesToRabbit {

    static final Path ROUTE_FILE = Path.of("examples", "changes-to-rabbitmq.yaml");
    static final String OFFSET_FILE = "data/offsets/changes-to-rabbitmq.json";

    private ChangesToRabbit() {
    }

    /** The settings for the class's database, slot and exchange; more may be added. */
    static Map<String, String> settings(String name, String tables) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgresql://" + ItSupport.PG_USER + "@" + ItSupport.PG_HOST + ":5432/" + name);
        env.put("CDC_TABLES", tables);
        env.put("CDC_SLOT", name);
        env.put("RABBITMQ_URL", ItSupport.AMQP_URI);
        env.put("RABBITMQ_EXCHANGE", name);
        return env;
    }

    /** Starts the jar in the directory with the example route file, and waits until it streams from the slot. */
    static JarProcess start(Path workDir, Map<String, String> env) throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("examples"));
        Files.copy(ROUTE_FILE, routes.resolve(ROUTE_FILE.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JarProcess jar = JarProcess.start(workDir, env, "examples/" + ROUTE_FILE.getFileName());
        try {
            CdcCapture.awaitSlotActive(env.get("CDC_SLOT"));
        } catch (RuntimeException e) {
            String output = jar.output();
            jar.close();
            throw new IllegalStateException("the worker did not start streaming:\n" + output, e);
        }
        return jar;
    }
}
