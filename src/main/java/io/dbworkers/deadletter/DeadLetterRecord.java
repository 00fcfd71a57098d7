package io.dbworkers.deadletter;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.Masking;

/**
 * What is written to the dead-letter target for one failed exchange. Every field is a string so that each target
 * (stream fields, message headers, table columns) holds the same values.
 *
 * @param payload    the original change as JSON ({@link ChangeJson}), a JSON array for a batch, or the body as text
 * @param route      the id of the route that failed
 * @param table      the qualified table of the change, the distinct tables of a batch comma separated, or empty
 * @param key        the primary key as JSON, a JSON array of keys for a batch, or empty
 * @param error      the first line of the exception message, passwords masked
 * @param errorClass the class name of the exception
 * @param attempts   how often the exchange was tried: redeliveries + 1
 * @param failedAt   when it was dead-lettered, ISO-8601 UTC
 */
public record DeadLetterRecord(String payload, String route, String table, String key, String error,
                               String errorClass, int attempts, Instant failedAt) {

    public static final String PAYLOAD = "payload";
    public static final String ROUTE = "route";
    public static final String TABLE = "table";
    public static final String KEY = "key";
    public static final String ERROR = "error";
    public static final String ERROR_CLASS = "error_class";
    public static final String ATTEMPTS = "attempts";
    public static final String FAILED_AT = "failed_at";

    /** The record of an exchange as the dead-letter channel hands it over: original message, exception caught. */
    public static DeadLetterRecord of(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        String payload;
        Set<String> tables = new LinkedHashSet<>();
        String key;
        if (body instanceof DatabaseChange change) {
            payload = ChangeJson.toJson(change);
            tables.add(change.qualifiedTable());
            key = ChangeJson.toJson(change.primaryKey());
        } else if (isChangeList(body)) {
            List<Map<String, Object>> keys = new ArrayList<>();
            for (Object item : (List<?>) body) {
                DatabaseChange change = (DatabaseChange) item;
                tables.add(change.qualifiedTable());
                keys.add(change.primaryKey());
            }
            payload = ChangeJson.toJson(body);
            key = ChangeJson.toJson(keys);
        } else if (body instanceof Record entry) {
            // a component's entry, e.g. a Redis stream entry: as JSON, and its stream and id, when it has them, as key
            payload = ChangeJson.toJson(entry);
            key = entryKey(entry);
        } else if (body instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Record) {
            payload = ChangeJson.toJson(list);
            key = "";
        } else {
            payload = body == null ? "" : exchange.getContext().getTypeConverter().convertTo(String.class, exchange, body);
            key = "";
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int redeliveries = exchange.getProperty(DeadLetters.REDELIVERIES_PROPERTY, 0, Integer.class);
        return new DeadLetterRecord(payload == null ? "" : payload,
                exchange.getProperty(Exchange.FAILURE_ROUTE_ID, "", String.class),
                String.join(",", tables), key, firstLine(cause),
                cause == null ? "" : cause.getClass().getName(),
                redeliveries + 1,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** The fields by name, in the documented order. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(PAYLOAD, payload);
        map.putAll(headers());
        return map;
    }

    /** Every field but the payload, for targets that carry the payload as the message body. */
    public Map<String, String> headers() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(ROUTE, route);
        map.put(TABLE, table);
        map.put(KEY, key);
        map.put(ERROR, error);
        map.put(ERROR_CLASS, errorClass);
        map.put(ATTEMPTS, Integer.toString(attempts));
        map.put(FAILED_AT, failedAt.toString());
        return map;
    }

    /** {@code {"stream":…,"id":…}} for an entry that has both, as a Redis stream entry does; else empty. */
    private static String entryKey(Record entry) {
        JsonNode tree = ChangeJson.mapper().valueToTree(entry);
        if (!tree.path("stream").isTextual() || !tree.path("id").isTextual()) {
            return "";
        }
        Map<String, String> key = new LinkedHashMap<>();
        key.put("stream", tree.get("stream").asText());
        key.put("id", tree.get("id").asText());
        return ChangeJson.toJson(key);
    }

    private static boolean isChangeList(Object body) {
        if (!(body instanceof List<?> list) || list.isEmpty()) {
            return false;
        }
        for (Object item : list) {
            if (!(item instanceof DatabaseChange)) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(Throwable cause) {
        if (cause == null || cause.getMessage() == null) {
            return "";
        }
        return Masking.mask(cause.getMessage()).lines().findFirst().orElse("");
    }
}
