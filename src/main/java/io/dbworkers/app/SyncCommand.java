package io.dbworkers.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;

import org.apache.camel.impl.DefaultCamelContext;

import io.dbworkers.component.dbsync.ConflictPolicy;
import io.dbworkers.component.dbsync.DeadLetterRows;
import io.dbworkers.component.dbsync.FullSync;
import io.dbworkers.component.dbsync.IncrementalRun;
import io.dbworkers.component.dbsync.SyncResult;
import io.dbworkers.component.dbsync.SyncSpec;
import io.dbworkers.component.dbsync.SyncValidator;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.support.Command;
import io.dbworkers.support.Progress;

/**
 * {@code sync --source URL --target URL --table T [...]}: one full or incremental sync of a table, printing what the
 * seed's {@code sync_table} result holds; with {@code --validate}, the validator runs afterwards and its verdict
 * decides the exit status.
 */
final class SyncCommand implements Command {

    static final String USAGE = "usage: sync --source URL --target URL --table T [--target-table T]"
            + " [--mode full|incremental] [--timestamp-column C] [--version-column C] [--soft-delete-column C]"
            + " [--conflict source_wins|target_wins|newest_wins|manual] [--truncate-target] [--create-target]"
            + " [--batch-size N] [--delete-missing] [--validate]";

    private final PrintStream out;
    private final SyncValidator validator;

    SyncCommand(PrintStream out, SyncValidator validator) {
        this.out = out;
        this.validator = validator;
    }

    @Override
    public int run(List<String> args) throws Exception {
        Options o = new Options(new ArrayList<>(args));
        ConnectionUrl source = ConnectionUrl.parse("--source", o.value("--source", null), null, null);
        ConnectionUrl target = ConnectionUrl.parse("--target", o.value("--target", null), null, null);
        String mode = o.value("--mode", "full").toLowerCase(Locale.ROOT);
        if (!mode.equals("full") && !mode.equals("incremental")) {
            throw new ConfigurationException("--mode", "'" + mode + "' is not one of full, incremental");
        }
        int batchSize = o.integer("--batch-size", 10_000);
        SyncSpec spec = new SyncSpec(o.value("--table", null), o.value("--target-table", null),
                o.value("--timestamp-column", null), o.value("--version-column", null),
                o.value("--soft-delete-column", null),
                ConflictPolicy.valueOf(conflict(o.value("--conflict", "source_wins"))), o.flag("--truncate-target"),
                o.flag("--create-target"), batchSize, o.flag("--delete-missing"));
        boolean validate = o.flag("--validate");
        o.noneLeft();
        if (mode.equals("incremental") && spec.timestampColumn() == null) {
            throw new ConfigurationException("--timestamp-column", "incremental sync needs it");
        }
        if (mode.equals("incremental") && (spec.truncateTarget() || spec.deleteMissing())) {
            throw new ConfigurationException(spec.truncateTarget() ? "--truncate-target" : "--delete-missing",
                    "is for --mode full");
        }
        try (HikariDataSource src = DataSources.pool("sync-source", source, 2);
             HikariDataSource tgt = DataSources.pool("sync-target", target, 2);
             DefaultCamelContext camel = new DefaultCamelContext()) {
            DataSources.verify("--source", source, src);
            DataSources.verify("--target", target, tgt);
            camel.start();
            DeadLetterRows rejected = new DeadLetterRows(camel, tgt);
            SyncResult result;
            try (Progress progress = Progress.start("sync " + spec.table(), -1)) {
                result = mode.equals("full") ? new FullSync(src, tgt, spec, rejected).run(progress)
                        : new IncrementalRun(src, tgt, spec, rejected).run(camel, progress);
            }
            print(result);
            if (validate) {
                boolean valid = validator.validate(src, tgt, spec.table(), spec.target(), out);
                out.println("is_valid: " + valid);
                return valid ? 0 : 1;
            }
            return 0;
        }
    }

    private void print(SyncResult r) {
        out.println("rows_synced: " + r.rowsSynced());
        out.println("inserted: " + r.inserted());
        out.println("updated: " + r.updated());
        out.println("unchanged: " + r.unchanged());
        out.println("deleted: " + r.deleted());
        out.println("conflicts: " + r.conflicts());
        out.println("rejected: " + r.rejected());
        out.printf(Locale.ROOT, "duration: %.3fs%n", r.duration().toMillis() / 1000.0);
    }

    private static String conflict(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        for (ConflictPolicy p : ConflictPolicy.values()) {
            if (p.name().equals(v)) {
                return v;
            }
        }
        throw new ConfigurationException("--conflict", "'" + value
                + "' is not one of source_wins, target_wins, newest_wins, manual");
    }

    /** The command line's options, taken out one by one; what is left over is an error. */
    private static final class Options {
        private final List<String> args;

        Options(List<String> args) {
            this.args = args;
        }

        String value(String name, String defaultValue) {
            int i = args.indexOf(name);
            if (i < 0) {
                if (defaultValue == null && !name.equals("--target-table") && !name.endsWith("-column")) {
                    throw new ConfigurationException(name, "is required; " + USAGE);
                }
                return defaultValue;
            }
            if (i + 1 >= args.size()) {
                throw new ConfigurationException(name, "needs a value");
            }
            String v = args.remove(i + 1);
            args.remove(i);
            return v;
        }

        int integer(String name, int defaultValue) {
            String v = value(name, Integer.toString(defaultValue));
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ConfigurationException(name, "'" + v + "' is not a number");
            }
        }

        boolean flag(String name) {
            return args.remove(name);
        }

        void noneLeft() {
            if (!args.isEmpty()) {
                throw new ConfigurationException("sync", "unknown argument '" + args.get(0) + "'; " + USAGE);
            }
        }
    }
}
