package io.dbworkers.component.dbsync.validate;

import java.util.List;
import java.util.stream.Collectors;

import io.dbworkers.sql.Dialect;
import io.dbworkers.sql.PortableType;
import io.dbworkers.sql.PortableType.Kind;

/**
 * The canonical text of a row, written as SQL for one side so that PostgreSQL and MariaDB build the same text for the
 * same values: NULL is {@code ~}; integers and numerics in plain decimal without trailing zeros after the point (1.50
 * and 1.5 are the same number); booleans 1/0; timestamps in UTC as {@code YYYY-MM-DD HH:MM:SS.ffffff} (so a lost
 * microsecond shows); dates {@code YYYY-MM-DD}; binary as lower-case hex; uuid lower-case; text as is, prefixed with
 * its length so that no separator inside a value can make two rows spell alike. Columns are joined with {@code |}.
 *
 * <p>Two kinds cannot be spelt alike cheaply in SQL on both products, so their text may differ for equal values and
 * the row-by-row comparison decides ({@link RowComparison}): json across products (jsonb re-spells keys, spaces and
 * numbers; MariaDB keeps the text as written; between two PostgreSQL databases both sides use {@code ::jsonb::text},
 * which is canonical) and floating point (exponent spelling differs).
 */
final class CanonicalSql {

    /**
     * The marker of a NULL value: no canonical text of a non-null value is {@code ~} (text carries its length in
     * front). Not a backslash: MariaDB would read it as an escape.
     */
    static final String NULL = "~";

    private CanonicalSql() {
    }

    /** The kind both sides are compared as: the more specific of the two (uuid over char, decimal over integer). */
    static Kind common(Kind source, Kind target) {
        if (source == target) {
            return source;
        }
        for (Kind k : new Kind[] {Kind.JSONB, Kind.JSON, Kind.UUID, Kind.BOOLEAN, Kind.DOUBLE, Kind.REAL,
                Kind.DECIMAL, Kind.TIMESTAMPTZ, Kind.TIMESTAMP, Kind.DATE, Kind.TIME, Kind.BINARY, Kind.BIGINT,
                Kind.INTEGER, Kind.SMALLINT}) {
            if (source == k || target == k) {
                return k;
            }
        }
        return source;
    }

    static boolean json(Kind kind) {
        return kind == Kind.JSON || kind == Kind.JSONB;
    }

    /** Whether equal values may be spelt differently by the two sides, so that the row comparison must parse them. */
    static boolean semantic(Kind common, Dialect source, Dialect target) {
        boolean json = common == Kind.JSON || common == Kind.JSONB;
        return json && !(source == Dialect.POSTGRESQL && target == Dialect.POSTGRESQL)
                || common == Kind.REAL || common == Kind.DOUBLE;
    }

    /**
     * The canonical text of one column, NULL when the value is NULL.
     *
     * @param own    the column's own type on this side
     * @param common the kind both sides compare as ({@link #common})
     * @param both   true when both sides are PostgreSQL (json is then compared as jsonb)
     */
    static String value(Dialect dialect, PortableType own, Kind common, boolean both, String column) {
        return dialect == Dialect.MARIADB ? mariaDb(common, column) : postgres(own.kind(), common, both, column);
    }

    private static String postgres(Kind own, Kind common, boolean bothPostgres, String c) {
        return switch (common) {
            case SMALLINT, INTEGER, BIGINT -> c + "::text";
            case DECIMAL -> "trim_scale(" + c + "::numeric)::text";
            case BOOLEAN -> "CASE WHEN " + c + " THEN '1' ELSE '0' END";
            case TIMESTAMP, TIMESTAMPTZ -> "to_char(" + (own == Kind.TIMESTAMPTZ ? c + " AT TIME ZONE 'UTC'" : c)
                    + ", 'YYYY-MM-DD HH24:MI:SS.US')";
            case DATE -> "to_char(" + c + ", 'YYYY-MM-DD')";
            case TIME -> "to_char(" + c + ", 'HH24:MI:SS.US')";
            case BINARY -> "encode(" + c + ", 'hex')";
            case UUID -> "lower(" + c + "::text)";
            case JSON, JSONB -> bothPostgres ? c + "::jsonb::text" : c + "::text";
            default -> c + "::text";
        };
    }

    private static String mariaDb(Kind common, String c) {
        return switch (common) {
            case SMALLINT, INTEGER, BIGINT -> "CAST(" + c + " AS CHAR)";
            // 1.50 -> 1.5, 10.00 -> 10, as PostgreSQL's trim_scale; an integer has no point and stays as it is
            case DECIMAL -> "IF(INSTR(CAST(" + c + " AS CHAR), '.') > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM "
                    + "CAST(" + c + " AS CHAR))), CAST(" + c + " AS CHAR))";
            case BOOLEAN -> "IF(" + c + " <> 0, '1', '0')";
            case TIMESTAMP, TIMESTAMPTZ -> "DATE_FORMAT(" + c + ", '%Y-%m-%d %H:%i:%s.%f')";
            case DATE -> "DATE_FORMAT(" + c + ", '%Y-%m-%d')";
            case TIME -> "TIME_FORMAT(" + c + ", '%H:%i:%s.%f')";
            case BINARY -> "LOWER(HEX(" + c + "))";
            case UUID -> "LOWER(CAST(" + c + " AS CHAR))";
            case VARCHAR, CHAR, TEXT, JSON, JSONB, OTHER -> "CONVERT(" + c + " USING utf8mb4)";
            default -> "CAST(" + c + " AS CHAR)";
        };
    }

    /** Text kinds carry their length in front: {@code 5:hello}. */
    private static boolean prefixed(Kind common) {
        return switch (common) {
            case VARCHAR, CHAR, TEXT, JSON, JSONB, OTHER -> true;
            default -> false;
        };
    }

    /** The canonical text of a whole row (never NULL) from the columns' canonical values. */
    static String row(Dialect dialect, List<Kind> kinds, List<String> values) {
        StringBuilder sql = new StringBuilder(dialect == Dialect.MARIADB ? "CONCAT(" : "(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sql.append(dialect == Dialect.MARIADB ? ", '|', " : " || '|' || ");
            }
            String v = values.get(i);
            String text = !prefixed(kinds.get(i)) ? v
                    : dialect == Dialect.MARIADB ? "CONCAT(CHAR_LENGTH(" + v + "), ':', " + v + ")"
                    : "length(" + v + ") || ':' || " + v;
            sql.append("COALESCE(").append(text).append(", '").append(NULL).append("')");
        }
        return sql.append(')').toString();
    }

    /** The first 60 bits of the md5 of a text, as a non-negative bigint: the same number on both products. */
    static String hash60(Dialect dialect, String text) {
        return dialect == Dialect.MARIADB ? "CAST(CONV(SUBSTR(MD5(" + text + "), 1, 15), 16, 10) AS UNSIGNED)"
                : "('x' || substr(md5(" + text + "), 1, 15))::bit(60)::bigint";
    }

    /** Integer division rounding down, for a non-negative dividend. */
    static String div(Dialect dialect, String dividend, String divisor) {
        return dialect == Dialect.MARIADB ? "(" + dividend + ") DIV " + divisor : "(" + dividend + ") / " + divisor;
    }

    static String keyOrder(List<String> quotedKey) {
        return quotedKey.stream().collect(Collectors.joining(", "));
    }
}
