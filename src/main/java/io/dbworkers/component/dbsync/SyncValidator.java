package io.dbworkers.component.dbsync;

import java.io.PrintStream;

import javax.sql.DataSource;

/**
 * What {@code sync --validate} calls after the sync: compares the source and target tables and prints what differs.
 * The {@code validate} command's validator implements it; {@link #NONE} stands in until one is wired.
 */
@FunctionalInterface
public interface SyncValidator {

    /** Refuses {@code --validate}: no validator is wired. */
    SyncValidator NONE = (source, target, sourceTable, targetTable, out) -> {
        throw new io.dbworkers.config.ConfigurationException("--validate", "validation is not available in this build");
    };

    /**
     * Validates the target table against the source table.
     *
     * @return true when they hold the same rows ({@code is_valid})
     */
    boolean validate(DataSource source, DataSource target, String sourceTable, String targetTable, PrintStream out)
            throws Exception;
}
