package io.dbworkers.component.redis.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.dbworkers.config.ConfigurationException;

/**
 * Which streams a consumer reads: one stream, or every stream a glob matches, less the dead-letter stream and the
 * excluded names and globs. Globs are Redis's (as for SCAN MATCH): {@code *}, {@code ?}, {@code [abc]}, {@code [^a]},
 * {@code [a-z]} and {@code \} to escape.
 */
final class StreamSelection {

    private final String path;
    private final boolean glob;
    private final Pattern pathPattern;
    private final List<Pattern> excluded = new ArrayList<>();

    StreamSelection(String path, String deadLetterStream, String exclude) {
        if (path == null || path.isBlank()) {
            throw new ConfigurationException("stream", "no stream or glob given (redis-streams:STREAM)");
        }
        this.path = path;
        this.glob = isGlob(path);
        this.pathPattern = toRegex(path);
        if (deadLetterStream != null && !deadLetterStream.isBlank()) {
            excluded.add(Pattern.compile(Pattern.quote(deadLetterStream)));
        }
        if (exclude != null) {
            for (String item : exclude.split(",")) {
                if (!item.isBlank()) {
                    excluded.add(toRegex(item.trim()));
                }
            }
        }
        if (!glob && !accepts(path)) {
            throw new ConfigurationException("deadLetterStream", "'" + path
                    + "' is both the stream read and excluded (deadLetterStream or exclude)");
        }
    }

    boolean isGlob() {
        return glob;
    }

    /** The stream or the glob, as given. */
    String path() {
        return path;
    }

    /** Whether the consumer reads this stream. */
    boolean accepts(String stream) {
        if (!pathPattern.matcher(stream).matches()) {
            return false;
        }
        for (Pattern pattern : excluded) {
            if (pattern.matcher(stream).matches()) {
                return false;
            }
        }
        return true;
    }

    static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }

    static Pattern toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
                continue;
            }
            int close = c == '[' ? glob.indexOf(']', i + 2) : -1;
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (close > 0) {
                regex.append(charClass(glob.substring(i + 1, close)));
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static String charClass(String body) {
        StringBuilder out = new StringBuilder("[");
        int start = 0;
        if (body.startsWith("^")) {
            out.append('^');
            start = 1;
        }
        for (int i = start; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '-' && i > start && i < body.length() - 1) {
                out.append('-');
            } else if (Character.isLetterOrDigit(c)) {
                out.append(c);
            } else {
                out.append('\\').append(c);
            }
        }
        return out.append(']').toString();
    }
}
