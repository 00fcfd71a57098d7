package io.dbworkers.logging;

import java.util.Locale;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * The level from {@code LOG_LEVEL}, for {@code logback.xml}: the seeds' Python names are accepted too ({@code WARNING},
 * {@code CRITICAL}), which logback would otherwise take as unknown and turn into DEBUG. Validated at start-up by
 * {@code StartupSettings}.
 */
public class LogLevelDefiner extends PropertyDefinerBase {

    @Override
    public String getPropertyValue() {
        return level(System.getenv("LOG_LEVEL"));
    }

    /** The logback level name of a LOG_LEVEL value: INFO when unset. */
    public static String level(String value) {
        if (value == null || value.isBlank()) {
            return "INFO";
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "WARNING" -> "WARN";
            case "CRITICAL", "FATAL" -> "ERROR";
            default -> upper;
        };
    }
}
