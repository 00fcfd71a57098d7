package io.dbworkers.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    private final Settings settings = new Settings(Map.of("BATCH_SIZE", "500", "BATCH_TIMEOUT_SEC", "0.5",
            "ENABLE_TIMESCALE", "yes", "BAD_INT", "lots", "LOG_FORMAT", "JSON")::get);

    @Test
    void typedValuesAndDefaults() {
        assertThat(settings.integer("BATCH_SIZE", 100, 1, 10_000)).isEqualTo(500);
        assertThat(settings.integer("MISSING", 100, 1, 10_000)).isEqualTo(100);
        assertThat(settings.seconds("BATCH_TIMEOUT_SEC", Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.bool("ENABLE_TIMESCALE", false)).isTrue();
        assertThat(settings.choice("LOG_FORMAT", "console", "console", "json")).isEqualTo("json");
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> settings.integer("BAD_INT", 1, 1, 10))
                .hasMessage("BAD_INT: 'lots' is not a whole number");
        assertThatThrownBy(() -> settings.integer("BATCH_SIZE", 1, 1, 10))
                .hasMessage("BATCH_SIZE: 500 is outside 1..10");
        assertThatThrownBy(() -> settings.required("DATABASE_URL")).hasMessage("DATABASE_URL: is not set");
        assertThatThrownBy(() -> settings.choice("LOG_FORMAT", "console", "console", "text"))
                .hasMessage("LOG_FORMAT: 'JSON' is not one of console, text");
    }
}
