package io.dbworkers.app;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dbworkers.component.dbsync.SyncValidator;
import io.dbworkers.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sync command's bad arguments: each is a ConfigurationException naming the option, before any connection. */
class SyncCommandTest {

    private static final List<String> URLS = List.of("--source", "postgresql://u@localhost:1/a", "--target",
            "mysql://u@localhost:1/b");

    private static void run(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(URLS);
        all.addAll(List.of(args));
        new SyncCommand(new PrintStream(new ByteArrayOutputStream()), SyncValidator.NONE).run(all);
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> run()).isInstanceOf(ConfigurationException.class).hasMessageStartingWith("--table:");
        assertThatThrownBy(() -> run("--table", "users", "--conflict", "loudest_wins"))
                .hasMessage("--conflict: 'loudest_wins' is not one of source_wins, target_wins, newest_wins, manual");
        assertThatThrownBy(() -> run("--table", "users", "--mode", "sometimes")).hasMessageStartingWith("--mode:");
        assertThatThrownBy(() -> run("--table", "users", "--mode", "incremental"))
                .hasMessageStartingWith("--timestamp-column:");
        assertThatThrownBy(() -> run("--table", "users", "--batch-size", "0")).hasMessageStartingWith("batchSize:");
        assertThatThrownBy(() -> run("--table", "users; drop table x")).hasMessageStartingWith("table:");
        assertThatThrownBy(() -> run("--table", "users", "--conflict", "newest_wins"))
                .hasMessageStartingWith("conflict: newest_wins compares timestampColumn");
        assertThatThrownBy(() -> run("--table", "users", "--bogus")).hasMessageContaining("unknown argument '--bogus'");
    }
}
