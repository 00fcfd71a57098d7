package io.dbworkers.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import io.dbworkers.config.Masking;

/** {@code %msg} with passwords and tokens masked, for every logger, third-party ones included. */
public class MaskingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Masking.mask(super.convert(event));
    }
}
