package io.dbworkers.app;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.component.dbsync.SyncValidator;
import io.dbworkers.component.dbsync.validate.TableValidator;
import io.dbworkers.component.dbsync.validate.ValidationReport;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.config.Masking;
import io.dbworkers.support.Command;
import io.dbworkers.support.Progress;

/**
 * {@code validate --source URL --target URL --table T [--target-table T2] [--key a,b] [--limit N]}: compares the
 * tables ({@link TableValidator}), prints each missing, extra and differing key and {@code is_valid}. Exit status 0
 * when valid, 1 when not, 2 for bad arguments, 3 when a database failed during the comparison.
 */
final class ValidateCommand implements Command {

    static final String USAGE = "usage: validate --source URL --target URL --table TABLE [--target-table TABLE]"
            + " [--key COL[,COL...]] [--limit N]";
    static final int EXIT_FAILED = 3;
    private static final Set<String> OPTIONS = Set.of("--source", "--target", "--table", "--target-table", "--key",
            "--limit");

    private final PrintStream out;

    ValidateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public int run(List<String> args) throws Exception {
        Map<String, String> options = parse(args);
        String table = required(options, "--table");
        ConnectionUrl sourceUrl = ConnectionUrl.parse("--source", required(options, "--source"), null, null);
        ConnectionUrl targetUrl = ConnectionUrl.parse("--target", required(options, "--target"), null, null);
        List<String> key = options.containsKey("--key")
                ? Arrays.stream(options.get("--key").split(",")).map(String::trim).toList() : List.of();
        int limit = limit(options.getOrDefault("--limit", Integer.toString(TableValidator.DEFAULT_REPORT_LIMIT)));
        try (HikariDataSource source = DataSources.pool("validate-source", sourceUrl, 2);
             HikariDataSource target = DataSources.pool("validate-target", targetUrl, 2)) {
            DataSources.verify("--source", sourceUrl, source);
            DataSources.verify("--target", targetUrl, target);
            ValidationReport report;
            Progress progress = Progress.start("validate " + table, -1);
            try {
                report = new TableValidator(source, target, limit)
                        .validate(table, options.getOrDefault("--target-table", table), key, progress);
                // the final figures only after a comparison: a failure is the one line below (or main's)
                progress.close();
            } catch (SQLException e) {
                System.err.println("db-workers: validate " + table + " failed: "
                        + Masking.mask(String.valueOf(e.getMessage())).lines().findFirst().orElse(""));
                return EXIT_FAILED;
            }
            print(report);
            return report.isValid() ? 0 : 1;
        }
    }

    /**
     * The validator of {@code sync --validate}: the same comparison as this command, with the keys that differ
     * printed the same way; the sync command prints {@code is_valid} after it.
     */
    static SyncValidator forSync() {
        return (source, target, sourceTable, targetTable, out) -> {
            ValidationReport report;
            try (Progress progress = Progress.start("validate " + sourceTable, -1)) {
                report = new TableValidator(source, target, TableValidator.DEFAULT_REPORT_LIMIT)
                        .validate(sourceTable, targetTable, List.of(), progress);
            }
            printKeys(out, report);
            return report.isValid();
        };
    }

    private static void printKeys(PrintStream out, ValidationReport report) {
        for (String key : report.missing()) {
            out.println("missing " + key);
        }
        for (String key : report.extra()) {
            out.println("extra " + key);
        }
        for (ValidationReport.Difference d : report.differing()) {
            out.println("differing " + d.key() + ": " + String.join(", ", d.columns()));
        }
    }

    private void print(ValidationReport report) {
        printKeys(out, report);
        out.printf("table: %s%nsource_rows: %d%ntarget_rows: %d%nmissing: %d%nextra: %d%ndiffering: %d%n"
                + "rows_compared: %d%nduration_ms: %d%nis_valid: %s%n", report.table(), report.sourceRows(),
                report.targetRows(), report.missingCount(), report.extraCount(), report.differingCount(),
                report.rowsCompared(), report.duration().toMillis(), report.isValid());
        out.flush();
    }

    private static Map<String, String> parse(List<String> args) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String name = rest.remove(0);
            if (!OPTIONS.contains(name)) {
                throw new ConfigurationException("validate", "unknown argument '" + name + "'; " + USAGE);
            }
            if (rest.isEmpty() || rest.get(0).startsWith("--")) {
                throw new ConfigurationException(name, "needs a value; " + USAGE);
            }
            options.put(name, rest.remove(0));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(name, "is required; " + USAGE);
        }
        return value;
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("--limit", "'" + value + "' is not a number of keys (0 or more)");
    }
}
