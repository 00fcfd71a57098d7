package io.dbworkers.component.redis.streams;

import java.util.ArrayList;
import java.util.List;

import io.dbworkers.config.ConfigurationException;

/**
 * Which streams a consumer reads: one stream, or every stream a glob matches, less the dead-letter stream and the
 * excluded names and globs ({@link Glob}).
 */
final class StreamSelection {

    private final String path;
    private final boolean glob;
    private final Glob pathGlob;
    private final String deadLetterStream;
    private final List<Glob> excluded = new ArrayList<>();

    StreamSelection(String path, String deadLetterStream, String exclude) {
        if (path == null || path.isBlank()) {
            throw new ConfigurationException("stream", "no stream or glob given (redis-streams:STREAM)");
        }
        this.path = path;
        this.glob = isGlob(path);
        this.pathGlob = new Glob(path);
        this.deadLetterStream = deadLetterStream == null || deadLetterStream.isBlank() ? null : deadLetterStream;
        if (exclude != null) {
            for (String item : exclude.split(",")) {
                if (!item.isBlank()) {
                    excluded.add(new Glob(item.trim()));
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
        if (!pathGlob.matches(stream) || stream.equals(deadLetterStream)) {
            return false;
        }
        for (Glob glob : excluded) {
            if (glob.matches(stream)) {
                return false;
            }
        }
        return true;
    }

    static boolean isGlob(String text) {
        return Glob.isGlob(text);
    }
}
