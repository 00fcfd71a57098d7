package io.dbworkers.logging;

import com.fasterxml.jackson.core.JsonStreamContext;

import net.logstash.logback.mask.ValueMasker;

import io.dbworkers.config.Masking;

/** Masks passwords and tokens in every string of a JSON log line: message, MDC values and stack trace. */
public class SecretValueMasker implements ValueMasker {

    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (!(value instanceof CharSequence text)) {
            return null;
        }
        String masked = Masking.mask(text.toString());
        return masked.contentEquals(text) ? null : masked;
    }
}
