package io.dbworkers.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets events through only to the appender of the chosen {@code LOG_FORMAT}: both appenders stay attached (so logback
 * has nothing to warn about) and the one not chosen writes nothing.
 */
public class LogFormatFilter extends Filter<ILoggingEvent> {

    private String format;
    private String selected;

    /** The format of the appender this filter belongs to. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The format chosen by {@code LOG_FORMAT}. */
    public void setSelected(String selected) {
        this.selected = selected;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return format != null && format.equals(selected) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
