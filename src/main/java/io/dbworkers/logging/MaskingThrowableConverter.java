package io.dbworkers.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

import io.dbworkers.config.Masking;

/** {@code %ex} with passwords and tokens masked: exception messages often quote the URL that failed. */
public class MaskingThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return Masking.mask(super.throwableProxyToString(tp));
    }
}
