package io.dbworkers.support;

import java.util.List;

/**
 * A subcommand of the standalone jar, e.g. {@code java -jar db-workers.jar dlq list SOURCE}. Registered by name in
 * {@code DbWorkersMain.COMMANDS}. A configuration error is a {@link io.dbworkers.config.ConfigurationException}: one
 * line on stderr, exit status 2.
 */
public interface Command {

    /** Runs with the arguments after the command name and returns the exit status. */
    int run(List<String> args) throws Exception;
}
