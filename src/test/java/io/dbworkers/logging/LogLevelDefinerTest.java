package io.dbworkers.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogLevelDefinerTest {

    @Test
    void pythonLevelNamesMapToLogback() {
        assertThat(LogLevelDefiner.level("WARNING")).isEqualTo("WARN");
        assertThat(LogLevelDefiner.level("warning")).isEqualTo("WARN");
        assertThat(LogLevelDefiner.level("CRITICAL")).isEqualTo("ERROR");
        assertThat(LogLevelDefiner.level("debug")).isEqualTo("DEBUG");
        assertThat(LogLevelDefiner.level(null)).isEqualTo("INFO");
        assertThat(LogLevelDefiner.level("loud")).isEqualTo("LOUD");
    }
}
