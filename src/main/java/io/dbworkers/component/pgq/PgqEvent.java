package io.dbworkers.component.pgq;

import java.time.Instant;
import java.util.Map;

/**
 * One PgQ event as the consumer reads it (a row of {@code pgq.get_batch_cursor}).
 *
 * @param id     ev_id, unique within the queue
 * @param time   ev_time, when the event was inserted
 * @param txid   ev_txid, the inserting transaction
 * @param retry  ev_retry: how often it was retried before, 0 the first time
 * @param type   ev_type, may be null
 * @param data   ev_data, may be null; Skytools' producers URL-encode it (see {@link #fields()})
 * @param extra1 ev_extra1, may be null; the table for trigger events
 * @param extra2 ev_extra2, may be null
 * @param extra3 ev_extra3, may be null
 * @param extra4 ev_extra4, may be null
 */
public record PgqEvent(long id, Instant time, long txid, int retry, String type, String data, String extra1,
                       String extra2, String extra3, String extra4) {

    /**
     * {@link #data()} decoded the way {@code skytools.db_urldecode} does: {@code a=1&b&c=x%40y} is
     * {@code {a=1, b=null, c=x@y}}, in order. Empty when data is null.
     *
     * @throws IllegalArgumentException when the data is not URL-encoded
     */
    public Map<String, String> fields() {
        return UrlEncoding.decode(data);
    }
}
