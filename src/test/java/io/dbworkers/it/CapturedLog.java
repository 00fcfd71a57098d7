package io.dbworkers.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/** Every log event of this JVM at INFO or above while open, as an operator would read it in the console. */
public final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    public CapturedLog() {
        setName("captured-log");
        start();
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    }

    /** How many events so far: a mark to count from. */
    public int mark() {
        return events.size();
    }

    /** The formatted messages logged since the mark, as "LEVEL message". */
    public List<String> linesSince(int mark) {
        return events.subList(mark, events.size()).stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** How many events since the mark, from loggers whose name starts with a prefix, carry a stack trace. */
    public long stackTracesSince(int mark, String... loggerPrefixes) {
        return events.subList(mark, events.size()).stream()
                .filter(e -> e.getThrowableProxy() != null)
                .filter(e -> List.of(loggerPrefixes).stream().anyMatch(p -> e.getLoggerName().startsWith(p)))
                .count();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
