package io.dbworkers.offset;

import org.apache.camel.RuntimeCamelException;

/**
 * A compare-and-set save of an offset lost: another instance moved the offset since this one last read or saved it
 * (two instances of a singleton route overlapped for a while). The offset is left where the other instance put it;
 * the exchange fails and its rows are read again from there.
 */
public class OffsetConflictException extends RuntimeCamelException {

    private final String key;

    public OffsetConflictException(String key, String table, String expected, String found) {
        super("offset " + key + " in " + table + " was moved by another instance (expected " + abbreviate(expected)
                + ", found " + abbreviate(found) + "); this instance resumes from there");
        this.key = key;
    }

    public String getKey() {
        return key;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "none";
        }
        return value.length() <= 120 ? value : value.substring(0, 117) + "...";
    }
}
