package io.dbworkers.component.dbcdc.pgoutput;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.UUID;

/**
 * Decodes the text form of a column value, as pgoutput (protocol version 1) sends it, into the Java value db-cdc's
 * Debezium path gives for the same column ({@code ChangeConverter} over Debezium's {@code decimal.handling.mode=precise},
 * {@code time.precision.mode=adaptive_time_microseconds}, {@code binary.handling.mode=bytes}), so a change reads the
 * same and has the same JSON whichever reader captured it.
 *
 * <p>The type is the column's built-in type OID: the reader resolves a domain to its base type and an enum to
 * {@link #TEXT} ({@link PgTextValuesResolver} does both). {@link #omitted(int)} says which columns Debezium leaves out of
 * the row altogether; the few it keeps without a value (name, bit[]) decode to null. The text is that of
 * the walsender session: DateStyle ISO (any TimeZone), IntervalStyle postgres, bytea_output hex or escape, and
 * lc_monetary with '.' as decimal point, as the server's defaults give.
 */
public final class PgTextValues {

    public static final int BOOL = 16;
    public static final int BYTEA = 17;
    public static final int CHAR = 18;
    public static final int NAME = 19;
    public static final int INT8 = 20;
    public static final int INT2 = 21;
    public static final int INT4 = 23;
    public static final int TEXT = 25;
    public static final int OID = 26;
    public static final int JSON = 114;
    public static final int XML = 142;
    public static final int POINT = 600;
    public static final int CIDR = 650;
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int MACADDR8 = 774;
    public static final int MONEY = 790;
    public static final int MACADDR = 829;
    public static final int INET = 869;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIME = 1083;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    public static final int INTERVAL = 1186;
    public static final int TIMETZ = 1266;
    public static final int BIT = 1560;
    public static final int VARBIT = 1562;
    public static final int NUMERIC = 1700;
    public static final int UUID_OID = 2950;
    public static final int JSONB = 3802;
    public static final int INT4RANGE = 3904;
    public static final int NUMRANGE = 3906;
    public static final int TSRANGE = 3908;
    public static final int TSTZRANGE = 3910;
    public static final int DATERANGE = 3912;
    public static final int INT8RANGE = 3926;
    public static final int TSVECTOR = 3614;
    public static final int BIT_ARRAY = 1561;

    private static final int MONEY_FRACTION_DIGITS = 2;

    private PgTextValues() {
    }

    /**
     * The value of a column, or null for SQL NULL and for types Debezium does not capture.
     *
     * @param typeOid      the built-in type OID (a domain's base type, {@link #TEXT} for an enum)
     * @param typeModifier the column's type modifier (atttypmod, -1 for none), as the Relation message gives it
     * @param text         the value's text, null for SQL NULL
     * @throws IllegalArgumentException when the text is not a value of the type
     */
    public static Object decode(int typeOid, int typeModifier, String text) {
        if (text == null) {
            return null;
        }
        try {
            return switch (typeOid) {
                case BOOL -> "t".equalsIgnoreCase(text);
                case INT2 -> Short.valueOf(Short.parseShort(text));
                case INT4 -> Integer.valueOf(Integer.parseInt(text));
                case INT8, OID -> Long.valueOf(Long.parseLong(text));
                case FLOAT4 -> Float.valueOf(Float.parseFloat(text));
                case FLOAT8 -> Double.valueOf(Double.parseDouble(text));
                case NUMERIC -> numeric(typeModifier, text);
                case MONEY -> money(text);
                case TEXT, VARCHAR, BPCHAR, CHAR, JSON, JSONB, XML, INET, CIDR, MACADDR, MACADDR8, INT4RANGE, NUMRANGE,
                     TSRANGE, TSTZRANGE, DATERANGE, INT8RANGE, TSVECTOR -> text;
                case BYTEA -> PgTextValuesBytes.bytea(text);
                case UUID_OID -> UUID.fromString(text);
                case DATE -> PgTextValuesTimes.date(text);
                case TIME -> PgTextValuesTimes.time(text);
                case TIMETZ -> PgTextValuesTimes.timetz(text);
                case TIMESTAMP -> PgTextValuesTimes.timestamp(text);
                case TIMESTAMPTZ -> PgTextValuesTimes.timestamptz(text);
                case INTERVAL -> PgTextValuesTimes.interval(text);
                case BIT, VARBIT -> PgTextValuesBytes.bits(typeModifier, text);
                case POINT -> PgTextValuesBytes.point(text);
                default -> PgTextValuesArrays.isArray(typeOid) ? PgTextValuesArrays.decode(typeOid, typeModifier, text) : null;
            };
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("'" + text + "' is no value of the type " + typeOid, e);
        }
    }

    /**
     * Whether Debezium leaves a column of the type out of the row (it has no schema for it): every type not decoded
     * here, such as pg_lsn, the geometric types but point, tsquery, xid, regclass, arrays of money, interval, xml.
     * Debezium keeps only name and bit[] columns, as null.
     */
    public static boolean omitted(int typeOid) {
        return switch (typeOid) {
            case BOOL, BYTEA, CHAR, NAME, INT8, INT2, INT4, TEXT, OID, JSON, XML, POINT, CIDR, FLOAT4, FLOAT8, MACADDR8,
                 MONEY, MACADDR, INET, BPCHAR, VARCHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, TIMETZ, BIT, VARBIT,
                 NUMERIC, UUID_OID, JSONB, INT4RANGE, NUMRANGE, TSRANGE, TSTZRANGE, DATERANGE, INT8RANGE, TSVECTOR,
                 BIT_ARRAY -> false;
            default -> !PgTextValuesArrays.isArray(typeOid);
        };
    }

    /**
     * A constrained numeric's text has the column's scale already; an unconstrained one is Debezium's
     * VariableScaleDecimal: trailing zeros stripped, scale never negative. NaN and infinities have no BigDecimal.
     */
    static BigDecimal numeric(int typeModifier, String text) {
        char first = text.charAt(0);
        if (first == 'N' || first == 'I' || (first == '-' && text.charAt(1) == 'I')) {
            return null;
        }
        BigDecimal value = new BigDecimal(text);
        if (typeModifier < 0) {
            value = value.stripTrailingZeros();
            if (value.scale() < 0) {
                value = value.setScale(0);
            }
        }
        return value;
    }

    /** The money text of a '.' decimal point locale, "$1,234.50" or "-$1,234.50", with Debezium's two digits. */
    static BigDecimal money(String text) {
        boolean negative = text.charAt(0) == '-';
        StringBuilder digits = new StringBuilder(text.length());
        if (negative) {
            digits.append('-');
        }
        for (int i = negative ? 2 : 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ',') {
                digits.append(c);
            }
        }
        return new BigDecimal(digits.toString()).setScale(MONEY_FRACTION_DIGITS, RoundingMode.HALF_UP);
    }
}
