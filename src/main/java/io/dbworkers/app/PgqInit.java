package io.dbworkers.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

import io.dbworkers.config.ConfigurationException;

/**
 * {@code init pgq NAME}: writes {@code routes/NAME.yaml}, a route that consumes the PgQ queue NAME (created when
 * missing) and logs every event, and appends a commented {@code DATABASE_URL} to {@code application.properties}:
 * PgQ lives in PostgreSQL, so the embedded demo database will not do.
 */
final class PgqInit {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private PgqInit() {
    }

    static int write(String name, PrintStream out) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigurationException("NAME", "'" + name + "' must be lower-case letters, digits and '_',"
                    + " starting with a letter");
        }
        Path route = Path.of("routes", name + ".yaml");
        if (Files.exists(route)) {
            throw new ConfigurationException("NAME", route + " exists already; choose another name or remove it");
        }
        Files.createDirectories(route.getParent());
        Files.writeString(route, ROUTE.replace("NAME", name), StandardOpenOption.CREATE_NEW);
        Path properties = Path.of("application.properties");
        String block = "# --- " + name + " (db-workers init pgq) ---\n"
                       + "# The PostgreSQL database with the pgq extension (CREATE EXTENSION pgq) and pgqd ticking it."
                       + " Fill in and uncomment:\n# DATABASE_URL = postgresql://user:pass@localhost:5432/queries\n";
        if (Files.exists(properties)) {
            Files.writeString(properties, "\n" + block, StandardOpenOption.APPEND);
        } else {
            Files.writeString(properties, RouteTemplates.baseProperties() + "\n" + block);
        }
        out.println("Wrote " + route + " and the settings of '" + name + "' in " + properties + ".");
        out.println("Run it: java -jar target/db-workers.jar " + route);
        return 0;
    }

    private static final String ROUTE = """
            # NAME: consumes the PgQ queue NAME (created when missing) as the consumer NAME_worker. Each event is one
            # exchange: a trigger event (pgq.logutriga/sqltriga) as a DatabaseChange, any other as a PgqEvent whose
            # fields() decode Skytools' URL-encoded data. The batch is finished once every event completed; a failed
            # event goes to PgQ's retry queue (maxRetries times, retryDelay apart), then to the dead letters.
            # Replace the log step with your processing. See docs/pgq.md.
            - route:
                id: NAME
                from:
                  uri: pgq:NAME
                  parameters:
                    consumerName: NAME_worker
                    createQueue: true
                    maxRetries: 3
                    retryDelay: 60000
                  steps:
                    - log: "event ${header.CamelPgqEventId} (${header.CamelPgqType}): ${body}"
            """;
}
