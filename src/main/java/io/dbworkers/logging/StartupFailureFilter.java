package io.dbworkers.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Camel's "Error starting CamelContext" event and any event whose exception is a configuration error: the
 * runner reports a failed start in one line of its own, and a stack trace there would hide it.
 */
public class StartupFailureFilter extends Filter<ILoggingEvent> {

    private static final String CONFIGURATION_EXCEPTION = "io.dbworkers.config.ConfigurationException";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getFormattedMessage() != null && event.getFormattedMessage().startsWith("Error starting CamelContext")) {
            return FilterReply.DENY;
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            if (CONFIGURATION_EXCEPTION.equals(t.getClassName())) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
