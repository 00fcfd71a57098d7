package io.dbworkers.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A column type as both PostgreSQL and MariaDB/MySQL understand it: the explicit mapping used to copy a table from one
 * to the other and to create a target table from a source's metadata.
 *
 * <pre>
 * kind         PostgreSQL                     MariaDB/MySQL
 * SMALLINT     smallint                       tinyint (not (1)), smallint
 * INTEGER      integer                        mediumint, int, smallint unsigned
 * BIGINT       bigint                         bigint, int unsigned
 * DECIMAL      numeric(p,s), numeric          decimal(p,s), bigint unsigned (decimal(20,0))
 * REAL/DOUBLE  real / double precision        float / double
 * BOOLEAN      boolean                        tinyint(1), boolean, bit(1)
 * VARCHAR/CHAR varchar(n) / char(n)           varchar(n) / char(n)
 * TEXT         text                           text, mediumtext, longtext
 * TIMESTAMP    timestamp                      datetime(6)
 * TIMESTAMPTZ  timestamptz (copied in UTC)    timestamp, written as datetime(6) holding UTC
 * DATE, TIME   date, time                     date, time(6)
 * JSON/JSONB   json / jsonb                   json (longtext checked by json_valid)
 * BINARY       bytea                          binary, varbinary, blob, longblob
 * UUID         uuid                           uuid (10.7+), char(36) when created
 * </pre>
 * A type outside the table is {@link Kind#OTHER}: copied as text, and refused by createTarget.
 *
 * @param kind      the portable kind
 * @param length    the declared length of VARCHAR/CHAR, 0 when unbounded or not a character type
 * @param precision the precision of DECIMAL (0 for an unbounded PostgreSQL numeric), else 0
 * @param scale     the scale of DECIMAL, else 0
 * @param typeName  the type's name in the database it was read from, for messages
 */
public record PortableType(Kind kind, int length, int precision, int scale, String typeName) {

    /** The portable kinds. */
    public enum Kind {
        SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE, BOOLEAN, VARCHAR, CHAR, TEXT, TIMESTAMP, TIMESTAMPTZ, DATE,
        TIME, JSON, JSONB, BINARY, UUID, OTHER
    }

    /** A column of a table with its portable type. */
    public record Column(String name, PortableType type, boolean nullable) {
    }

    /** MariaDB: varchar longer than this (in characters, utf8mb4) does not fit a row; it becomes a text type. */
    private static final int MARIADB_MAX_VARCHAR = 16383;
    /** MariaDB: a key column cannot be a text or blob; this is the length a created key column gets instead. */
    private static final int MARIADB_KEY_LENGTH = 255;

    /**
     * Classifies a column from its JDBC metadata ({@code DatabaseMetaData.getColumns}: TYPE_NAME, DATA_TYPE,
     * COLUMN_SIZE, DECIMAL_DIGITS).
     */
    public static PortableType classify(Dialect dialect, String typeName, int sqlType, int size, int scale) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT).trim();
        boolean unsigned = name.contains("unsigned");
        String base = name.replace("unsigned", "").replace("zerofill", "").trim();
        int paren = base.indexOf('(');
        if (paren > 0) {
            base = base.substring(0, paren).trim();
        }
        Kind kind = switch (base) {
            case "int2", "smallint", "smallserial" -> unsigned ? Kind.INTEGER : Kind.SMALLINT;
            case "tinyint" -> size == 1 && dialect == Dialect.MARIADB ? Kind.BOOLEAN : Kind.SMALLINT;
            case "int4", "int", "integer", "serial", "mediumint" -> unsigned && !"mediumint".equals(base)
                    ? Kind.BIGINT : Kind.INTEGER;
            case "int8", "bigint", "bigserial" -> unsigned ? Kind.DECIMAL : Kind.BIGINT;
            case "numeric", "decimal" -> Kind.DECIMAL;
            case "float4", "real" -> Kind.REAL;
            case "float" -> dialect == Dialect.MARIADB ? Kind.REAL : Kind.DOUBLE;
            case "float8", "double", "double precision" -> Kind.DOUBLE;
            case "bool", "boolean" -> Kind.BOOLEAN;
            case "bit" -> size <= 1 ? Kind.BOOLEAN : Kind.OTHER;
            case "varchar", "character varying", "nvarchar" -> size > 0 && size < Integer.MAX_VALUE
                    ? Kind.VARCHAR : Kind.TEXT;
            case "bpchar", "char", "character", "nchar" -> Kind.CHAR;
            case "text", "tinytext", "mediumtext", "longtext", "clob", "citext" -> Kind.TEXT;
            case "timestamp", "timestamp without time zone" -> dialect == Dialect.MARIADB ? Kind.TIMESTAMPTZ
                    : Kind.TIMESTAMP;
            case "timestamptz", "timestamp with time zone" -> Kind.TIMESTAMPTZ;
            case "datetime" -> Kind.TIMESTAMP;
            case "date" -> Kind.DATE;
            case "time", "time without time zone" -> Kind.TIME;
            case "json" -> Kind.JSON;
            case "jsonb" -> Kind.JSONB;
            case "bytea", "binary", "varbinary", "blob", "tinyblob", "mediumblob", "longblob" -> Kind.BINARY;
            case "uuid" -> Kind.UUID;
            default -> bySqlType(sqlType);
        };
        if (kind == Kind.DECIMAL) {
            // an unbounded PostgreSQL numeric reports precision 131089 (or 0): it has no declared precision
            boolean unbounded = size <= 0 || size > 1000;
            int precision = base.contains("int") ? 20 : unbounded ? 0 : size;
            return new PortableType(kind, 0, precision, unbounded ? 0 : Math.max(scale, 0), typeName);
        }
        int length = kind == Kind.VARCHAR || kind == Kind.CHAR ? Math.max(size, 0) : 0;
        return new PortableType(kind, length, 0, 0, typeName);
    }

    private static Kind bySqlType(int sqlType) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT -> Kind.SMALLINT;
            case Types.INTEGER -> Kind.INTEGER;
            case Types.BIGINT -> Kind.BIGINT;
            case Types.NUMERIC, Types.DECIMAL -> Kind.DECIMAL;
            case Types.REAL -> Kind.REAL;
            case Types.FLOAT, Types.DOUBLE -> Kind.DOUBLE;
            case Types.BOOLEAN -> Kind.BOOLEAN;
            case Types.VARCHAR, Types.NVARCHAR -> Kind.VARCHAR;
            case Types.CHAR, Types.NCHAR -> Kind.CHAR;
            case Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB -> Kind.TEXT;
            case Types.TIMESTAMP -> Kind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMPTZ;
            case Types.DATE -> Kind.DATE;
            case Types.TIME -> Kind.TIME;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BINARY;
            default -> Kind.OTHER;
        };
    }

    /**
     * Every column of a table with its portable type, in table order. On MariaDB a json column is a longtext with a
     * {@code json_valid} check, which the JDBC metadata does not show: it is found in information_schema.
     */
    public static List<Column> columns(Connection connection, TableRef table) throws SQLException {
        Dialect dialect = table.identifiers().dialect();
        Set<String> json = dialect == Dialect.MARIADB ? mariaDbJsonColumns(connection, table) : Set.of();
        DatabaseMetaData md = connection.getMetaData();
        List<Column> columns = new ArrayList<>();
        try (ResultSet rs = dialect.catalogIsSchema()
                ? md.getColumns(table.schema(), null, TableRef.literal(md, table.name()), null)
                : md.getColumns(null, TableRef.literal(md, table.schema()), TableRef.literal(md, table.name()),
                        null)) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME");
                PortableType type = json.contains(name) ? new PortableType(Kind.JSON, 0, 0, 0, "json")
                        : classify(dialect, rs.getString("TYPE_NAME"), rs.getInt("DATA_TYPE"),
                                rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"));
                columns.add(new Column(name, type, rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        return columns;
    }

    private static Set<String> mariaDbJsonColumns(Connection connection, TableRef table) throws SQLException {
        Set<String> json = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema"
                + ".CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String clause = rs.getString(1).trim();
                    if (clause.toLowerCase(Locale.ROOT).startsWith("json_valid(")) {
                        json.add(clause.substring("json_valid(".length(), clause.length() - 1).replace("`", ""));
                    }
                }
            }
        } catch (SQLException e) {
            // MySQL before 8.0.16 has no CHECK_CONSTRAINTS, and its json is a real type the metadata names
            return json;
        }
        return json;
    }

    /** Whether values of this kind are written as text on both sides (no binary or numeric conversion). */
    public boolean textual() {
        return kind == Kind.VARCHAR || kind == Kind.CHAR || kind == Kind.TEXT || kind == Kind.JSON
                || kind == Kind.JSONB || kind == Kind.UUID || kind == Kind.OTHER;
    }

    /** The type to declare for this column in a table created on {@code target}; never null. */
    public String ddl(Dialect target) {
        return ddl(target, false);
    }

    /**
     * As {@link #ddl(Dialect)}; {@code keyColumn} makes a MariaDB text key a {@code varchar(255)}, since MariaDB
     * cannot index a text or blob column without a prefix length.
     *
     * @throws IllegalArgumentException for {@link Kind#OTHER}, which has no portable declaration
     */
    public String ddl(Dialect target, boolean keyColumn) {
        if (kind == Kind.OTHER) {
            throw new IllegalArgumentException("type '" + typeName + "' has no portable mapping");
        }
        return target == Dialect.MARIADB ? mariaDb(keyColumn) : postgres();
    }

    private String postgres() {
        return switch (kind) {
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case DECIMAL -> precision == 0 ? "numeric" : "numeric(" + precision + "," + scale + ")";
            case REAL -> "real";
            case DOUBLE -> "double precision";
            case BOOLEAN -> "boolean";
            case VARCHAR -> length > 0 ? "varchar(" + length + ")" : "text";
            case CHAR -> "char(" + Math.max(length, 1) + ")";
            case TEXT -> "text";
            case TIMESTAMP -> "timestamp(6)";
            case TIMESTAMPTZ -> "timestamptz(6)";
            case DATE -> "date";
            case TIME -> "time(6)";
            case JSON -> "json";
            case JSONB -> "jsonb";
            case BINARY -> "bytea";
            case UUID -> "uuid";
            case OTHER -> throw new IllegalStateException();
        };
    }

    private String mariaDb(boolean keyColumn) {
        return switch (kind) {
            case SMALLINT -> "smallint";
            case INTEGER -> "int";
            case BIGINT -> "bigint";
            // MariaDB's decimal holds at most 65 digits, 38 after the point; an unbounded numeric gets the widest
            case DECIMAL -> precision == 0 ? "decimal(65,30)"
                    : "decimal(" + Math.min(precision, 65) + "," + Math.min(scale, 38) + ")";
            case REAL -> "float";
            case DOUBLE -> "double";
            case BOOLEAN -> "tinyint(1)";
            case VARCHAR -> length > 0 && length <= MARIADB_MAX_VARCHAR ? "varchar(" + length + ")"
                    : keyColumn ? "varchar(" + MARIADB_KEY_LENGTH + ")" : "longtext";
            case CHAR -> length <= 255 ? "char(" + Math.max(length, 1) + ")" : "varchar(" + length + ")";
            case TEXT -> keyColumn ? "varchar(" + MARIADB_KEY_LENGTH + ")" : "longtext";
            case TIMESTAMP, TIMESTAMPTZ -> "datetime(6)";
            case DATE -> "date";
            case TIME -> "time(6)";
            case JSON, JSONB -> "json";
            case BINARY -> keyColumn ? "varbinary(" + MARIADB_KEY_LENGTH + ")" : "longblob";
            case UUID -> "char(36)";
            case OTHER -> throw new IllegalStateException();
        };
    }
}
