package io.dbworkers.component.dbcdc.pgoutput;

import java.util.ArrayList;
import java.util.List;

/**
 * One-dimensional arrays of the built-in types Debezium converts, as a List of the element values (NULL elements as
 * null). Like Debezium (through pgjdbc's PgArray): a multi-dimensional array is a list with a null for each
 * sub-array, and a numeric array holding NaN or an infinity is null as a whole.
 */
final class PgTextValuesArrays {

    private PgTextValuesArrays() {
    }

    static boolean isArray(int typeOid) {
        return element(typeOid) != 0;
    }

    /** The element type of a supported array type, 0 for any other type. */
    static int element(int arrayOid) {
        return switch (arrayOid) {
            case 1000 -> PgTextValues.BOOL;
            case 1001 -> PgTextValues.BYTEA;
            case 1002 -> PgTextValues.CHAR;
            case 1005 -> PgTextValues.INT2;
            case 1007 -> PgTextValues.INT4;
            case 1009 -> PgTextValues.TEXT;
            case 1014 -> PgTextValues.BPCHAR;
            case 1015 -> PgTextValues.VARCHAR;
            case 1016 -> PgTextValues.INT8;
            case 1021 -> PgTextValues.FLOAT4;
            case 1022 -> PgTextValues.FLOAT8;
            case 1028 -> PgTextValues.OID;
            case 1040 -> PgTextValues.MACADDR;
            case 1041 -> PgTextValues.INET;
            case 651 -> PgTextValues.CIDR;
            case 775 -> PgTextValues.MACADDR8;
            case 1182 -> PgTextValues.DATE;
            case 1183 -> PgTextValues.TIME;
            case 1115 -> PgTextValues.TIMESTAMP;
            case 1185 -> PgTextValues.TIMESTAMPTZ;
            case 1231 -> PgTextValues.NUMERIC;
            case 1270 -> PgTextValues.TIMETZ;
            case 2951 -> PgTextValues.UUID_OID;
            case 199 -> PgTextValues.JSON;
            case 3807 -> PgTextValues.JSONB;
            case 3905 -> PgTextValues.INT4RANGE;
            case 3907 -> PgTextValues.NUMRANGE;
            case 3909 -> PgTextValues.TSRANGE;
            case 3911 -> PgTextValues.TSTZRANGE;
            case 3913 -> PgTextValues.DATERANGE;
            case 3927 -> PgTextValues.INT8RANGE;
            default -> 0;
        };
    }

    static List<Object> decode(int arrayOid, int typeModifier, String text) {
        int elementOid = element(arrayOid);
        int pos = 0;
        if (text.charAt(0) == '[') {
            // non-default bounds: [0:1]={a,b}
            pos = text.indexOf('=') + 1;
        }
        if (text.charAt(pos) != '{') {
            throw new IllegalArgumentException("'" + text + "' is no array");
        }
        pos++;
        List<Object> values = new ArrayList<>();
        StringBuilder element = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '}') {
                return values;
            }
            if (c == ',' || c == ' ') {
                pos++;
            } else if (c == '{') {
                pos = skipSubArray(text, pos);
                values.add(null);
            } else if (c == '"') {
                element.setLength(0);
                pos++;
                while (text.charAt(pos) != '"') {
                    if (text.charAt(pos) == '\\') {
                        pos++;
                    }
                    element.append(text.charAt(pos++));
                }
                pos++;
                values.add(element(elementOid, typeModifier, element.toString()));
            } else {
                int start = pos;
                while (text.charAt(pos) != ',' && text.charAt(pos) != '}') {
                    pos++;
                }
                String raw = text.substring(start, pos).trim();
                if (raw.equalsIgnoreCase("NULL")) {
                    values.add(null);
                } else if (elementOid == PgTextValues.NUMERIC && !Character.isDigit(raw.charAt(raw.length() - 1))) {
                    return null; // NaN, Infinity: pgjdbc's PgArray cannot read them, Debezium gives no array
                } else {
                    values.add(element(elementOid, typeModifier, raw));
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is no array: no closing brace");
    }

    private static Object element(int elementOid, int typeModifier, String text) {
        return switch (elementOid) {
            case PgTextValues.DATE -> PgTextValuesArrayTimes.date(text);
            case PgTextValues.TIME -> PgTextValuesArrayTimes.time(text);
            case PgTextValues.TIMETZ -> PgTextValuesArrayTimes.timetz(text);
            case PgTextValues.TIMESTAMP -> PgTextValuesArrayTimes.timestamp(text);
            case PgTextValues.TIMESTAMPTZ -> PgTextValuesArrayTimes.timestamptz(text);
            default -> PgTextValues.decode(elementOid, typeModifier, text);
        };
    }

    private static int skipSubArray(String text, int pos) {
        int depth = 0;
        boolean quoted = false;
        for (; pos < text.length(); pos++) {
            char c = text.charAt(pos);
            if (quoted) {
                if (c == '\\') {
                    pos++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return pos + 1;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is no array: no closing brace");
    }
}
