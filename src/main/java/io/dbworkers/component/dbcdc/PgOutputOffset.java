package io.dbworkers.component.dbcdc;

/**
 * The position of the last completed change of the pgoutput reader, kept in the offset store under the key and in the
 * fields Debezium's PostgreSQL connector uses, so either reader resumes from what the other saved.
 *
 * @param commitLsn   Debezium's {@code lsn_commit}: the end of the last transaction that had committed before the
 *                    change's transaction began streaming; every transaction whose commit record starts before it was
 *                    completed
 * @param lsn         Debezium's {@code lsn}: the LSN of the change
 * @param txnFinalLsn the commit record of the change's transaction (our own field; 0 in Debezium's offsets): its
 *                    changes up to {@code lsn} were completed
 * @param txId        the transaction id
 * @param tsUsec      the commit time in microseconds since 1970
 */
record PgOutputOffset(long commitLsn, long lsn, long txnFinalLsn, long txId, long tsUsec) {

    /** Debezium's key: the engine name and the source partition (the topic prefix, which is the name). */
    static String key(String name) {
        return "db-cdc:[\"" + name + "\",{\"server\":\"" + name + "\"}]";
    }

    String toJson() {
        return "{\"lsn_proc\":" + lsn + ",\"lsn_commit\":" + commitLsn + ",\"lsn\":" + lsn + ",\"txId\":" + txId
                + ",\"ts_usec\":" + tsUsec + ",\"pgoutput_txn_lsn\":" + txnFinalLsn + "}";
    }

    /** The stored offset, or null when there is none or it holds no LSN. */
    static PgOutputOffset parse(String json) {
        if (json == null) {
            return null;
        }
        long lsn = number(json, "lsn");
        if (lsn < 0) {
            return null;
        }
        return new PgOutputOffset(Math.max(0, number(json, "lsn_commit")), lsn,
                Math.max(0, number(json, "pgoutput_txn_lsn")), Math.max(0, number(json, "txId")),
                Math.max(0, number(json, "ts_usec")));
    }

    /** Whether every change of the transaction with this commit record was completed. */
    boolean completedTransaction(long finalLsn) {
        return finalLsn < commitLsn || (txnFinalLsn != 0 && finalLsn < txnFinalLsn);
    }

    /**
     * The last change of this transaction that was completed, or -1 when none is known to be: with our own offset
     * the transaction is known exactly; with Debezium's, it is the first transaction after {@code commitLsn}, as
     * Debezium resumes (unless the offset was saved at a commit, when {@code lsn} is no change).
     */
    long completedUpTo(long finalLsn, boolean firstAfterCommit) {
        if (txnFinalLsn != 0) {
            return finalLsn == txnFinalLsn ? lsn : -1;
        }
        return firstAfterCommit && lsn > commitLsn ? lsn : -1;
    }

    private static long number(String json, String field) {
        String quoted = "\"" + field + "\":";
        int at = json.indexOf(quoted);
        if (at < 0) {
            return -1;
        }
        int start = at + quoted.length();
        while (start < json.length() && json.charAt(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
            end++;
        }
        return end == start ? -1 : Long.parseLong(json.substring(start, end));
    }
}
