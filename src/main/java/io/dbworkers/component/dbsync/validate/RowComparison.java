package io.dbworkers.component.dbsync.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dbworkers.sql.PortableType.Kind;

/**
 * The row-by-row comparison of one leaf of the bisection: both sides' canonical values by key. Most columns compare as
 * text; json across products compares as parsed JSON (key order, spaces and the spelling of numbers do not count:
 * {@code 1.0}, {@code 1.00} and {@code 1e0} are one number), floating point as numbers.
 */
final class RowComparison {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** Numbers by value, everything else by equality. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private final List<String> names;
    private final List<Kind> kinds;
    private final boolean[] semantic;

    /**
     * @param names    the compared columns' names (source spelling), in the order of the canonical values
     * @param kinds    the kinds both sides compare them as
     * @param semantic which columns compare by value rather than by text
     */
    RowComparison(List<String> names, List<Kind> kinds, boolean[] semantic) {
        this.names = names;
        this.kinds = kinds;
        this.semantic = semantic;
    }

    /** Compares a leaf and adds what differs to {@code found}. */
    void compare(Map<String, String[]> source, Map<String, String[]> target, Findings found) {
        for (Map.Entry<String, String[]> row : source.entrySet()) {
            String[] other = target.get(row.getKey());
            if (other == null) {
                found.missing(display(row.getKey()));
                continue;
            }
            List<String> columns = differingColumns(row.getValue(), other);
            if (!columns.isEmpty()) {
                found.differing(display(row.getKey()), columns);
            }
        }
        for (String key : target.keySet()) {
            if (!source.containsKey(key)) {
                found.extra(display(key));
            }
        }
    }

    /** {@code id=42}, or {@code a=1, b=x} for a composite key. */
    private String display(String key) {
        String[] values = key.split(TableSide.KEY_SEPARATOR, -1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(values[i]);
        }
        return text.toString();
    }

    List<String> differingColumns(String[] a, String[] b) {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (!same(i, a[i], b[i])) {
                columns.add(names.get(i));
            }
        }
        return columns;
    }

    private boolean same(int column, String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.equals(b)) {
            return true;
        }
        if (!semantic[column]) {
            return false;
        }
        return switch (kinds.get(column)) {
            case REAL -> sameNumber(a, b, true);
            case DOUBLE -> sameNumber(a, b, false);
            default -> sameJson(a, b);
        };
    }

    private static boolean sameNumber(String a, String b, boolean single) {
        try {
            return single ? Float.parseFloat(a) == Float.parseFloat(b)
                    : Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean sameJson(String a, String b) {
        try {
            return JSON.readTree(a).equals(BY_VALUE, JSON.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
