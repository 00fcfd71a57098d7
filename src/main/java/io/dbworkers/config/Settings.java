package io.dbworkers.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one place where settings are read and validated. A setting is looked up by its environment name (e.g.
 * {@code DATABASE_URL}); the lookup function decides where from (the environment, then {@code application.properties}
 * in the standalone runner). Every accessor fails with a {@link ConfigurationException} naming the setting.
 */
public final class Settings {

    private final Function<String, String> lookup;

    public Settings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** Settings from the process environment only. */
    public static Settings fromEnvironment() {
        return new Settings(System::getenv);
    }

    public Optional<String> string(String name) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        return string(name).orElse(defaultValue);
    }

    public String required(String name) {
        return string(name).orElseThrow(() -> new ConfigurationException(name, "is not set"));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "'" + value.get() + "' is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigurationException(name, parsed + " is outside " + min + ".." + max);
        }
        return parsed;
    }

    /** A duration in seconds, fractions allowed ({@code 0.5}), as the seeds' {@code *_SEC} settings are. */
    public Duration seconds(String name, Duration defaultValue) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "'" + value.get() + "' is not a number of seconds");
        }
        if (parsed < 0 || Double.isNaN(parsed) || Double.isInfinite(parsed)) {
            throw new ConfigurationException(name, "'" + value.get() + "' must be zero or more seconds");
        }
        return Duration.ofNanos((long) (parsed * 1_000_000_000L));
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigurationException(name, "'" + value.get() + "' is not true or false");
        };
    }

    /** One of the given choices, compared without case. */
    public String choice(String name, String defaultValue, String... choices) {
        String value = string(name, defaultValue);
        for (String choice : choices) {
            if (choice.equalsIgnoreCase(value)) {
                return choice;
            }
        }
        throw new ConfigurationException(name, "'" + value + "' is not one of " + String.join(", ", choices));
    }

    /** The connection of {@code <PREFIX>_URL} with {@code <PREFIX>_USER} and {@code <PREFIX>_PASSWORD}. */
    public Optional<ConnectionUrl> connection(String prefix) {
        String urlName = prefix + "_URL";
        return string(urlName).map(url -> ConnectionUrl.parse(urlName, url,
                string(prefix + "_USER").orElse(null), string(prefix + "_PASSWORD").orElse(null)));
    }
}
