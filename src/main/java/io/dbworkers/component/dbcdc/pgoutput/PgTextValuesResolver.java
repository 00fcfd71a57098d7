package io.dbworkers.component.dbcdc.pgoutput;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a column of a Relation message decodes as: the Relation message gives the column's own type OID, which for
 * a domain or an enum is no built-in type. As Debezium does, a domain is its base type (with the domain's type
 * modifier when the column has none), an enum and an array of enums are text, and any other type that is not
 * built in (composite, range of a user type, array of a domain, extension types) is left out of the row.
 * Answers are cached: a type's kind never changes while it exists.
 */
public final class PgTextValuesResolver {

    /** The first OID of a user-defined object: types below it are built in. */
    private static final int FIRST_NORMAL_OBJECT_ID = 16384;

    /**
     * How to decode a column.
     *
     * @param typeOid      the type to hand {@link PgTextValues#decode}
     * @param typeModifier the type modifier to hand it
     * @param omitted      true when Debezium leaves the column out of the row: skip it
     */
    public record Resolved(int typeOid, int typeModifier, boolean omitted) {
    }

    private final Map<Integer, Row> types = new ConcurrentHashMap<>();

    /** The decoding of a column of the type, querying pg_type on the connection for a type not built in. */
    public Resolved resolve(Connection connection, int typeOid, int typeModifier) throws SQLException {
        if (typeOid < FIRST_NORMAL_OBJECT_ID) {
            return new Resolved(typeOid, typeModifier, PgTextValues.omitted(typeOid));
        }
        Row row = row(connection, typeOid);
        if (row == null) {
            return new Resolved(typeOid, typeModifier, true);
        }
        switch (row.kind) {
            case 'd':
                return resolve(connection, row.baseType, typeModifier < 0 ? row.typeModifier : typeModifier);
            case 'e':
                return new Resolved(PgTextValues.TEXT, -1, false);
            case 'b':
                if (row.element != 0) {
                    Row element = row(connection, row.element);
                    if (element != null && element.kind == 'e') {
                        return new Resolved(1009, -1, false); // text[]
                    }
                }
                return new Resolved(typeOid, typeModifier, true);
            default:
                return new Resolved(typeOid, typeModifier, true);
        }
    }

    private Row row(Connection connection, int typeOid) throws SQLException {
        Row cached = types.get(typeOid);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT typtype, typbasetype, typtypmod, typelem FROM pg_catalog.pg_type WHERE oid = ?")) {
            s.setLong(1, typeOid & 0xFFFFFFFFL);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Row row = new Row(rs.getString(1).charAt(0), (int) rs.getLong(2), rs.getInt(3), (int) rs.getLong(4));
                types.put(typeOid, row);
                return row;
            }
        }
    }

    private record Row(char kind, int baseType, int typeModifier, int element) {
    }
}
