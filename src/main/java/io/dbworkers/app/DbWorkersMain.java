package io.dbworkers.app;

import io.dbworkers.support.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.main.Main;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.dbworkers.config.Settings;
import io.dbworkers.writer.MigrateCommand;

/**
 * The standalone runner: {@code java -jar db-workers.jar [ROUTE_FILE...]} runs the given route files, or
 * {@code routes/*.yaml}, with {@code application.properties} from the working directory. A configuration error
 * prints one line and exits with status 2.
 */
public final class DbWorkersMain {

    public static final int EXIT_CONFIGURATION = 2;

    /** The subcommands, by name; any other first argument is a route file. */
    static final Map<String, Command> COMMANDS = Map.of("dlq", new DlqCommand(), "init", new InitCommand(),
            "slots", new SlotsCommand(Settings.fromEnvironment(), System.out), "migrate", new MigrateCommand(),
            "pgq", new PgqCommand(Settings.fromEnvironment(), System.out),
            "sync", new SyncCommand(System.out, ValidateCommand.forSync()),
            "validate", new ValidateCommand(System.out));

    private DbWorkersMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        try {
            if (args.length > 0 && COMMANDS.containsKey(args[0])) {
                return COMMANDS.get(args[0]).run(List.of(args).subList(1, args.length));
            }
            StartupSettings startup = StartupSettings.read();
            StartupCheck check = new StartupCheck(startup.startupWait());
            Main main = configure(List.of(args));
            startup.apply(main);
            main.addMainListener(check);
            main.run();
            if (check.failure() != null) {
                throw check.failure();
            }
            return main.getExitCode();
        } catch (Throwable e) {
            ConfigurationException configuration = StartupErrors.translate(e);
            if (configuration != null) {
                System.err.println("db-workers: " + Masking.mask(configuration.getMessage()));
                return EXIT_CONFIGURATION;
            }
            System.err.println("db-workers: " + Masking.mask(oneLine(e)));
            return 1;
        }
    }

    static Main configure(List<String> routeFiles) {
        List<Path> files = new ArrayList<>();
        for (String file : routeFiles) {
            Path path = Path.of(file).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                throw new ConfigurationException("ROUTE_FILE", "'" + file + "' is not a file");
            }
            files.add(path);
        }
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("file:application.properties;optional=true");
        main.configure().addConfiguration(DbWorkersConfiguration.class);
        // routes/*.yaml also without an application.properties in the working directory
        main.addInitialProperty("camel.main.routesIncludePattern", "file:routes/*.yaml");
        if (!files.isEmpty()) {
            // override: the files named on the command line win over application.properties' routes/*.yaml
            main.addOverrideProperty("camel.main.routesIncludePattern",
                    files.stream().map(p -> "file:" + p).collect(Collectors.joining(",")));
            Set<Path> dirs = files.stream().map(Path::getParent).collect(Collectors.toCollection(LinkedHashSet::new));
            // route reload watches one directory: the one of the first file
            main.addOverrideProperty("camel.main.routesReloadDirectory", dirs.iterator().next().toString());
            main.addOverrideProperty("camel.main.routesReloadPattern",
                    files.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(",")));
        }
        return main;
    }

    static ConfigurationException configurationCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigurationException c) {
                return c;
            }
        }
        return null;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
