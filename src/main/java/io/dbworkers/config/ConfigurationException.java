package io.dbworkers.config;

/**
 * A setting is missing or wrong. The message is one line that names the setting and what is wrong with it; the
 * standalone runner prints it and exits with status 2, without a stack trace.
 */
public class ConfigurationException extends RuntimeException {

    private final String setting;

    public ConfigurationException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
    }

    public ConfigurationException(String setting, String problem, Throwable cause) {
        super(setting + ": " + problem, cause);
        this.setting = setting;
    }

    public String getSetting() {
        return setting;
    }
}
