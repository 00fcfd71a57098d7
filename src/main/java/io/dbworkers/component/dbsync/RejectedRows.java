package io.dbworkers.component.dbsync;

import java.util.Map;

/** Where a source row the target refused goes (the dead-letter channel, a rejectedUri), with the reason. */
@FunctionalInterface
public interface RejectedRows {

    /**
     * @param table the target table
     * @param key   the row's key values, by column
     * @param row   the source row, by column
     * @param error the database's error, first line, with its SQLState
     */
    void rejected(String table, Map<String, Object> key, Map<String, Object> row, String error) throws Exception;
}
