package io.dbworkers.change;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The stable JSON form of a {@link DatabaseChange}, shared by every producer and dead-letter target:
 *
 * <pre>
 * {"schema":"public","table":"orders","changeType":"UPDATE","primaryKey":{"id":1},
 *  "newData":{"id":1,"status":"paid",...},"oldData":null,
 *  "timestamp":"2026-11-21T04:30:00.123456Z","source":{"mode":"poll","position":"..."}}
 * </pre>
 *
 * Dates and times are ISO-8601 strings, decimals are JSON numbers, {@code null} fields are written out.
 */
public final class ChangeJson {

    private static final ObjectMapper MAPPER = newMapper();

    private ChangeJson() {
    }

    /** A mapper configured like the change JSON: ISO dates, nulls written, unknown fields tolerated. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DatabaseChange fromJson(String json) {
        try {
            return MAPPER.readValue(json, DatabaseChange.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
