package io.dbworkers.app;

import io.dbworkers.support.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.dbworkers.config.Settings;
import io.dbworkers.deadletter.DeadLetterRecord;
import io.dbworkers.deadletter.DeadLetterTarget;
import io.dbworkers.deadletter.source.DeadLetterSource;
import io.dbworkers.deadletter.source.DeadLetterSource.Entry;

/**
 * {@code dlq list|show|replay|purge [SOURCE] [ID...] [--to URI] [--dry-run] [--all] [--limit N] [--routes PATTERN]}:
 * the dead letters of a Redis stream ({@code redis://host:port/STREAM}), a RabbitMQ queue
 * ({@code amqp://user:pass@host:port/QUEUE}) or a database's {@code dead_letters} table (its URL); without SOURCE,
 * {@code DEAD_LETTER_URL}, else the {@code dead_letters} table of {@code DATABASE_URL}.
 * <ul>
 * <li>{@code list}: one line per entry, oldest first: id, failed_at, route, table, key, attempts, error;</li>
 * <li>{@code show ID...}: every field, the payload last;</li>
 * <li>{@code replay [ID...]}: sends each entry (all when no ID is given), one by one, through the steps of the route
 * it failed in (the route files, {@code --routes}, as the runner would load them), or to {@code --to URI}; removes it
 * once that succeeded, and stops at the first that fails again, which stays;</li>
 * <li>{@code purge ID...|--all}: removes entries.</li>
 * </ul>
 * {@code --dry-run} prints what replay or purge would do and changes nothing.
 */
final class DlqCommand implements Command {

    private static final String USAGE = "usage: dlq list|show|replay|purge [SOURCE] [ID...] [--to URI] [--dry-run]"
            + " [--all] [--limit N] [--routes PATTERN]";

    @Override
    public int run(List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new ConfigurationException("dlq", "no action given; " + USAGE);
        }
        String action = args.get(0);
        if (!List.of("list", "show", "replay", "purge").contains(action)) {
            throw new ConfigurationException("dlq", "unknown action '" + action + "'; " + USAGE);
        }
        Options options = Options.parse(args.subList(1, args.size()));
        Settings settings = StartupSettings.settings(Path.of("application.properties"));
        DataSource dataSource = options.source == null
                && DeadLetterTarget.parse(settings).kind() == DeadLetterTarget.Kind.TABLE
                ? DbWorkersConfiguration.dataSource(settings) : null;
        try (DeadLetterSource source = DeadLetterSource.open(options.source, settings, dataSource)) {
            switch (action) {
                case "list":
                    return list(source, options);
                case "show":
                    return show(source, options);
                case "replay":
                    return replay(source, options, settings);
                default:
                    return purge(source, options);
            }
        } finally {
            if (dataSource instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static int list(DeadLetterSource source, Options options) throws Exception {
        List<Entry> entries = source.list(options.limit);
        System.out.println(entries.size() + " dead letter(s) in " + source.describe()
                + (entries.size() == options.limit ? " (first " + options.limit + ", --limit N for more)" : ""));
        for (Entry entry : entries) {
            System.out.println(summary(entry));
        }
        return 0;
    }

    private static int show(DeadLetterSource source, Options options) throws Exception {
        if (options.ids.isEmpty()) {
            throw new ConfigurationException("ID", "show needs the id of a dead letter; see dlq list");
        }
        for (String id : options.ids) {
            Entry entry = source.get(id).orElseThrow(() -> new ConfigurationException("ID", "no dead letter " + id
                    + " in " + source.describe()));
            System.out.println("id: " + entry.id());
            for (Map.Entry<String, String> field : entry.fields().entrySet()) {
                if (!field.getKey().equals(DeadLetterRecord.PAYLOAD)) {
                    System.out.println(field.getKey() + ": " + Masking.mask(field.getValue()));
                }
            }
            System.out.println(DeadLetterRecord.PAYLOAD + ": " + entry.field(DeadLetterRecord.PAYLOAD));
        }
        return 0;
    }

    private static int replay(DeadLetterSource source, Options options, Settings settings) throws Exception {
        if (options.dryRun) {
            List<Entry> entries = selected(source, options);
            try (Replayer replayer = new Replayer(settings, options.routes(settings))) {
                for (Entry entry : entries) {
                    System.out.println("would replay " + summary(entry) + " -> " + replayer.target(entry, options.to)
                            + ", then remove it from " + source.describe());
                }
            }
            System.out.println(entries.size() + " dead letter(s) would be replayed (dry run: nothing changed)");
            return 0;
        }
        int[] replayed = {0};
        try (Replayer replayer = new Replayer(settings, options.routes(settings))) {
            source.drain(options.ids, entry -> {
                String endpoint = replayer.target(entry, options.to);
                try {
                    replayer.replay(entry, endpoint);
                } catch (ConfigurationException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ReplayFailed(entry, endpoint, e);
                }
                replayed[0]++;
                System.out.println("replayed " + entry.id() + " -> " + endpoint + ", removed");
            });
        } catch (ReplayFailed e) {
            System.out.println(replayed[0] + " dead letter(s) replayed");
            System.err.println("db-workers: dead letter " + e.entry.id() + " failed again in " + e.endpoint + ": "
                    + Masking.mask(String.valueOf(e.getCause().getMessage())).lines().findFirst().orElse("")
                    + "; it stays in " + source.describe() + ", and so do the ones after it");
            return 1;
        }
        System.out.println(replayed[0] + " dead letter(s) replayed");
        return 0;
    }

    private static int purge(DeadLetterSource source, Options options) throws Exception {
        if (options.ids.isEmpty() && !options.all) {
            throw new ConfigurationException("ID", "purge needs the ids to remove, or --all");
        }
        if (options.dryRun) {
            List<Entry> entries = selected(source, options);
            entries.forEach(entry -> System.out.println("would remove " + summary(entry)));
            System.out.println(entries.size() + " dead letter(s) would be removed (dry run: nothing changed)");
            return 0;
        }
        int removed = source.purge(options.ids);
        System.out.println(removed + " dead letter(s) removed from " + source.describe());
        return 0;
    }

    private static List<Entry> selected(DeadLetterSource source, Options options) throws Exception {
        if (options.ids.isEmpty()) {
            return source.list(Integer.MAX_VALUE);
        }
        List<Entry> entries = new ArrayList<>();
        for (String id : options.ids) {
            entries.add(source.get(id).orElseThrow(() -> new ConfigurationException("ID", "no dead letter " + id
                    + " in " + source.describe())));
        }
        return entries;
    }

    private static String summary(Entry entry) {
        return String.join("\t", entry.id(), entry.field(DeadLetterRecord.FAILED_AT),
                entry.field(DeadLetterRecord.ROUTE), entry.field(DeadLetterRecord.TABLE),
                entry.field(DeadLetterRecord.KEY), "attempts=" + entry.field(DeadLetterRecord.ATTEMPTS),
                Masking.mask(entry.field(DeadLetterRecord.ERROR)));
    }

    /** A replayed entry failed again. */
    private static final class ReplayFailed extends Exception {

        private final transient Entry entry;
        private final String endpoint;

        ReplayFailed(Entry entry, String endpoint, Exception cause) {
            super(cause);
            this.entry = entry;
            this.endpoint = endpoint;
        }
    }

    /** The command line after the action. */
    private static final class Options {
        String source;
        final List<String> ids = new ArrayList<>();
        String to;
        String routes;
        boolean dryRun;
        boolean all;
        int limit = 100;

        static Options parse(List<String> args) {
            Options options = new Options();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--dry-run":
                        options.dryRun = true;
                        break;
                    case "--all":
                        options.all = true;
                        break;
                    case "--to":
                        options.to = value(args, ++i, arg);
                        break;
                    case "--routes":
                        options.routes = value(args, ++i, arg);
                        break;
                    case "--limit":
                        String limit = value(args, ++i, arg);
                        options.limit = new Settings(name -> limit).integer(arg, 100, 1, Integer.MAX_VALUE);
                        break;
                    default:
                        if (arg.startsWith("--")) {
                            throw new ConfigurationException("dlq", "unknown option " + arg + "; " + USAGE);
                        }
                        if (options.source == null && options.ids.isEmpty()
                                && (arg.contains("://") || arg.startsWith("jdbc:"))) {
                            options.source = arg;
                        } else {
                            options.ids.add(arg);
                        }
                }
            }
            return options;
        }

        String routes(Settings settings) {
            if (routes != null) {
                return routes;
            }
            return settings.string("camel.main.routes-include-pattern")
                    .or(() -> settings.string("camel.main.routesIncludePattern")).orElse("file:routes/*.yaml");
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new ConfigurationException("dlq", option + " needs a value");
            }
            return args.get(i);
        }
    }
}
