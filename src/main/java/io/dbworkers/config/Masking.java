package io.dbworkers.config;

import java.util.regex.Pattern;

/** Removes passwords and tokens from URLs before they reach a log line or an error message. */
public final class Masking {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)([^:/@\\s]*):([^@/\\s]*)@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|access[_-]?key)=)([^&;\\s]*)");

    private Masking() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll("$1:****@");
        return SECRET_PARAM.matcher(masked).replaceAll("$1****");
    }
}
