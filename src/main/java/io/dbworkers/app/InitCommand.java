package io.dbworkers.app;

import io.dbworkers.support.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.dbworkers.config.ConfigurationException;

/**
 * {@code init cdc|writer|sync|queue NAME [--database-type postgresql|mysql]}, as the seed's
 * {@code pythia create database-cdc}: writes {@code routes/NAME.yaml}, a commented route, and appends the properties it
 * needs to {@code application.properties} (created when absent). Every property has a default that works with the
 * embedded demo database, so the route runs as is; {@code --database-type} adds a commented {@code DATABASE_URL} of
 * that kind to fill in.
 * <ul>
 * <li>{@code cdc}: polls a table and logs every change (db-poll);</li>
 * <li>{@code writer}: reads a Redis stream through a consumer group and writes each entry as a row (redis-streams,
 * db-write), as the seed's database writer service;</li>
 * <li>{@code sync}: copies a table's changes in batches into another table, upserting on the key (db-poll batch,
 * db-write upsert);</li>
 * <li>{@code queue}: publishes a table's changes as JSON to a Redis stream (db-poll, redis-streams).</li>
 * </ul>
 */
final class InitCommand implements Command {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final String USAGE = "usage: init cdc|writer|sync|queue NAME [--database-type postgresql|mysql]";

    /** Where {@code routes/} and {@code application.properties} are written: the working directory. */
    private final Path directory;

    InitCommand() {
        this(Path.of(""));
    }

    InitCommand(Path directory) {
        this.directory = directory;
    }

    @Override
    public int run(List<String> args) throws IOException {
        if (args.size() == 2 && args.get(0).equals("pgq")) {
            return PgqInit.write(args.get(1), System.out);
        }
        if (args.size() < 2) {
            throw new ConfigurationException("init", USAGE);
        }
        String kind = args.get(0);
        String name = args.get(1);
        if (!List.of("cdc", "writer", "sync", "queue").contains(kind)) {
            throw new ConfigurationException("init", "unknown kind '" + kind + "'; " + USAGE);
        }
        if (!NAME.matcher(name).matches()) {
            throw new ConfigurationException("NAME", "'" + name + "' is not accepted: use 1 to 63 lower-case"
                    + " letters, digits, '-' and '_', starting with a letter (e.g. my_cdc_worker or shop-cdc)");
        }
        String databaseType = null;
        for (int i = 2; i < args.size(); i++) {
            if (args.get(i).equals("--database-type") && i + 1 < args.size()) {
                databaseType = args.get(++i).toLowerCase(Locale.ROOT);
                if (!List.of("postgresql", "mysql").contains(databaseType)) {
                    throw new ConfigurationException("--database-type", "'" + databaseType
                            + "' is not postgresql or mysql");
                }
            } else {
                throw new ConfigurationException("init", "unexpected '" + args.get(i) + "'; " + USAGE);
            }
        }
        Path route = Path.of("routes", name + ".yaml");
        Path routeFile = directory.resolve(route);
        if (Files.exists(routeFile)) {
            throw new ConfigurationException("NAME", route + " exists already; choose another name or remove it");
        }
        Files.createDirectories(routeFile.getParent());
        Files.writeString(routeFile, RouteTemplates.route(kind, name), StandardOpenOption.CREATE_NEW);
        Path properties = directory.resolve("application.properties");
        String block = RouteTemplates.properties(kind, name, databaseType);
        if (Files.exists(properties)) {
            Files.writeString(properties, "\n" + block, StandardOpenOption.APPEND);
        } else {
            Files.writeString(properties, RouteTemplates.baseProperties() + "\n" + block);
        }
        System.out.println("Wrote " + route + " and the settings of '" + name + "' in application.properties.");
        System.out.println("Run it: java -jar target/db-workers.jar " + route);
        return 0;
    }
}
