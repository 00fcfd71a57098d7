package io.dbworkers.writer;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.dbworkers.component.redis.streams.StreamMessage;

/**
 * Turns one entry of a stream {@code <prefix>:<device_id>:<sensor_type>} into a row of the readings table, as the
 * Python writer service did: {@code value} a finite decimal number, {@code timestamp} what Python's
 * {@code fromisoformat} reads ({@link IsoTimestamp}; without an offset it is taken as UTC), {@code metadata} JSON
 * or absent. An entry that breaks a rule gives a dead letter instead, with the fields the service wrote to its
 * dead-letter stream ({@code original_stream}, {@code original_id}, {@code device_id}, {@code sensor_type},
 * {@code value}, {@code error}, {@code failed_at}) plus the entry's {@code timestamp} and {@code metadata}, so that it
 * can be corrected and added again. Thread-safe; it only keeps the parts of the last stream name it read.
 */
public final class SensorReadingTransform {

    /** The columns a row has, in the order written. */
    public static final String COLUMNS = "timestamp,device_id,sensor_type,value,metadata,stream,entry_id";
    /**
     * The key under which a row keeps its {@link StreamMessage}, for the dead letter should the database refuse it;
     * not a column, and not written since the route names the {@link #COLUMNS}
     */
    public static final String ENTRY = "_entry";
    /** VARCHAR(100) in the table: longer ids are dead-lettered here rather than refused by the database. */
    static final int MAX_ID_LENGTH = 100;

    /** Longer values are refused before they are parsed; no double needs more digits. */
    static final int MAX_NUMBER_LENGTH = 100;
    private static final int SHOWN_LENGTH = 100;
    /** only checks that metadata is JSON: field names are never looked at, so none is canonicalized or interned */
    private static final JsonFactory JSON = JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

    /** the last stream's parts; read and replaced by any thread, so a record: its fields are final */
    private Source lastSource;

    /**
     * The outcome for one entry: exactly one of {@code row} and {@code deadLetter} is non-null.
     *
     * @param row        the columns of {@link #COLUMNS} by name, {@code metadata} may be null; and the entry under
     *                   {@link #ENTRY}. {@code value} is the validated text of the number, {@code timestamp} the
     *                   validated text when it has an offset, else an {@code OffsetDateTime} in UTC: the forms COPY
     *                   writes fastest
     * @param deadLetter the fields of the dead-letter entry
     */
    public record Result(Map<String, Object> row, Map<String, String> deadLetter) {
    }

    public Result apply(StreamMessage message) {
        String[] source = sourceOf(message.stream());
        Map<String, String> fields = message.fields();
        if (message.malformed() != null) {
            // its text is shown with escapes: stored, it would not be what the sensor sent
            return failed(message, source, message.malformed());
        }
        if (source == null) {
            return failed(message, null, "stream name " + message.stream()
                    + " is not <prefix>:<device_id>:<sensor_type>");
        }
        if (source[0].length() > MAX_ID_LENGTH || source[1].length() > MAX_ID_LENGTH) {
            return failed(message, source, "device_id and sensor_type may have at most " + MAX_ID_LENGTH
                    + " characters");
        }
        String value = fields.get("value");
        if (value == null || value.isBlank()) {
            return failed(message, source, "value is missing");
        }
        if (!isFiniteNumber(value.trim())) {
            return failed(message, source, "value '" + shortened(value) + "' is not a finite number");
        }
        String timestamp = fields.get("timestamp");
        if (timestamp == null || timestamp.isBlank()) {
            return failed(message, source, "timestamp is missing");
        }
        IsoTimestamp.Parsed time = IsoTimestamp.parse(timestamp.trim());
        if (time == null) {
            return failed(message, source, "timestamp '" + shortened(timestamp) + "' is not ISO-8601");
        }
        String metadata = fields.get("metadata");
        if (metadata != null && metadata.isBlank()) {
            metadata = null;
        }
        if (metadata != null) {
            String problem = jsonProblem(metadata);
            if (problem != null) {
                return failed(message, source, "metadata is not JSON: " + problem);
            }
        }
        // timestamp as given when PostgreSQL reads it to the same instant: cheaper than formatting it again; value the
        // validated text, which COPY hands to PostgreSQL's float8 input as it is
        return new Result(new ReadingRow(time.readAsIs() ? timestamp.trim() : time.time(), source[0], source[1],
                value.trim(), metadata, message.stream(), message.id(), message), null);
    }

    /**
     * The dead letter of an entry that never reached the table, or was refused by it.
     *
     * @param error why, one line
     */
    public Map<String, String> deadLetter(StreamMessage message, String error) {
        return failed(message, source(message.stream()), error).deadLetter();
    }

    /** The dead letter of a row the database refused. */
    public Map<String, String> deadLetter(Map<?, ?> row, String error) {
        return deadLetter((StreamMessage) row.get(ENTRY), error);
    }

    private static Result failed(StreamMessage message, String[] source, String error) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("original_stream", message.stream());
        fields.put("original_id", message.id());
        fields.put("device_id", source == null ? "" : source[0]);
        fields.put("sensor_type", source == null ? "" : source[1]);
        fields.put("value", message.fields().getOrDefault("value", ""));
        fields.put("error", error);
        fields.put("failed_at", failedAt());
        copy(message, "timestamp", fields);
        copy(message, "metadata", fields);
        return new Result(null, fields);
    }

    private static void copy(StreamMessage message, String field, Map<String, String> into) {
        String value = message.fields().get(field);
        if (value != null) {
            into.put(field, value);
        }
    }

    /**
     * {@link #source} of the stream, kept for the next entry: a read returns the entries of a stream one after the
     * other, so most entries take the parts of the one before rather than two new strings.
     */
    private String[] sourceOf(String stream) {
        Source known = lastSource;
        if (known != null && known.stream().equals(stream)) {
            return known.parts();
        }
        String[] parts = source(stream);
        lastSource = new Source(stream, parts);
        return parts;
    }

    /** The parts of a stream's name, never changed once made. */
    private record Source(String stream, String[] parts) {
    }

    /** {device_id, sensor_type}: the segments after the first, the last being the sensor type; null if too few. */
    static String[] source(String stream) {
        int first = stream.indexOf(':');
        int last = stream.lastIndexOf(':');
        if (first < 0 || last <= first + 1 || last == stream.length() - 1) {
            return null;
        }
        return new String[] {stream.substring(first + 1, last), stream.substring(last + 1)};
    }

    /** Null when the text is one JSON document; else what is wrong. Reads it through without building a tree. */
    static String jsonProblem(String text) {
        return PlainJson.isValid(text) ? null : jacksonProblem(text);
    }

    /** {@link #jsonProblem} as Jackson's parser tells it: what {@link PlainJson} cannot vouch for. */
    static String jacksonProblem(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return "empty";
            }
            parser.skipChildren();
            return parser.nextToken() == null ? null : "more than one JSON value";
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }

    /**
     * Whether the text is a decimal number, {@code [+-]?(digits[.digits]|.digits)([eE][+-]?digits)?}, of at most
     * {@value #MAX_NUMBER_LENGTH} characters, that is finite as a double. One pass, no regular expression: a crafted
     * value must cost no more than its length.
     */
    static boolean isFiniteNumber(String text) {
        int n = text.length();
        if (n == 0 || n > MAX_NUMBER_LENGTH) {
            return false;
        }
        int i = text.charAt(0) == '+' || text.charAt(0) == '-' ? 1 : 0;
        int before = digits(text, i);
        i += before;
        int after = 0;
        if (i < n && text.charAt(i) == '.') {
            i++;
            after = digits(text, i);
            i += after;
        }
        if (before + after == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponent = digits(text, i);
            if (exponent == 0) {
                return false;
            }
            i += exponent;
        }
        return i == n && Double.isFinite(Double.parseDouble(text));
    }

    private static int digits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /** A field's text for an error message: a crafted megabyte does not belong in a log line. */
    static String shortened(String text) {
        return text.length() <= SHOWN_LENGTH ? text : text.substring(0, SHOWN_LENGTH) + "... (" + text.length()
                + " characters)";
    }

    /** Seconds since the epoch with milliseconds, as the Python service wrote {@code failed_at}. */
    static String failedAt() {
        long now = System.currentTimeMillis();
        return now / 1000 + "." + String.format("%03d", now % 1000);
    }
}
