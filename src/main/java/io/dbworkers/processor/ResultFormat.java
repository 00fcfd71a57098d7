package io.dbworkers.processor;

import java.util.Iterator;
import java.util.Map;

/**
 * Formats a processing result the way the seeds' Python workers print theirs, so the log lines match their expected
 * output: {@code {'action': 'status_change', 'order_id': 1, 'old_status': 'pending', 'new_status': 'paid'}}.
 */
public final class ResultFormat {

    private ResultFormat() {
    }

    public static String format(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                append(out, String.valueOf(e.getKey()));
                out.append(": ");
                append(out, e.getValue());
                if (it.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                append(out, it.next());
                if (it.hasNext()) {
                    out.append(", ");
                }
            }
            out.append(']');
        } else {
            out.append('\'').append(value.toString().replace("\\", "\\\\").replace("'", "\\'")).append('\'');
        }
    }
}
