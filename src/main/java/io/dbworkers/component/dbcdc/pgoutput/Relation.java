package io.dbworkers.component.dbcdc.pgoutput;

import java.util.List;

/**
 * A table as pgoutput describes it in its Relation message, before the first change of the table on each connection
 * and again after its definition changed.
 *
 * @param oid        the table's OID, which the change messages name
 * @param schema     the schema
 * @param table      the table name
 * @param columns    the published columns, in the order of the tuples
 * @param primaryKey the PRIMARY KEY columns (from the catalog), in the key's order; empty for a table without one
 */
public record Relation(int oid, String schema, String table, List<Column> columns, List<String> primaryKey) {

    /**
     * A column.
     *
     * @param name     the column name
     * @param typeOid  the OID of the built-in type it decodes as (see {@link PgTextValuesResolver})
     * @param typeModifier its atttypmod (e.g. the precision and scale of a numeric), -1 when none
     * @param omitted  a type Debezium leaves out of the row: so is the column
     */
    public record Column(String name, int typeOid, int typeModifier, boolean omitted) {
    }
}
