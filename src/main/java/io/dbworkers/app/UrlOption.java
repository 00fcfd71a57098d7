package io.dbworkers.app;

import java.util.List;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.Settings;

/** The {@code --url URL} option of the database commands ({@code slots}, {@code pgq}), else {@code DATABASE_URL}. */
final class UrlOption {

    private UrlOption() {
    }

    /** Takes {@code --url URL} out of {@code args} when present; credentials not in the URL come from the settings. */
    static ConnectionUrl take(List<String> args, Settings settings) {
        int flag = args.indexOf("--url");
        if (flag >= 0) {
            if (flag + 1 >= args.size()) {
                throw new ConfigurationException("--url", "needs a value");
            }
            String url = args.remove(flag + 1);
            args.remove(flag);
            return ConnectionUrl.parse("--url", url, settings.string("DATABASE_USER").orElse(null),
                    settings.string("DATABASE_PASSWORD").orElse(null));
        }
        return settings.connection("DATABASE")
                .orElseThrow(() -> new ConfigurationException("DATABASE_URL", "is not set (or give --url)"));
    }
}
