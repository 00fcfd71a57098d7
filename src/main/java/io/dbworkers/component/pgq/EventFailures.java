package io.dbworkers.component.pgq;

import java.sql.Connection;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.deadletter.DeadLetters;
import io.dbworkers.support.OutageLog;

/**
 * Where a failed event goes: PgQ's retry queue ({@code pgq.event_retry} with {@code retryDelay}) while its
 * {@code ev_retry} is under {@code maxRetries}, else the dead-letter channel with the reason. A failed dead-letter write
 * fails the batch, which then comes again (nothing lost).
 */
final class EventFailures {

    private static final Logger LOG = LoggerFactory.getLogger(EventFailures.class);

    private final PgqEndpoint endpoint;
    private final PgqQueue queue;
    private final PgqStatistics statistics;
    private final ProducerTemplate deadLetters;
    private final String routeId;

    EventFailures(PgqEndpoint endpoint, PgqQueue queue, PgqStatistics statistics, ProducerTemplate deadLetters,
                  String routeId) {
        this.endpoint = endpoint;
        this.queue = queue;
        this.statistics = statistics;
        this.deadLetters = deadLetters;
        this.routeId = routeId;
    }

    /** The event's headers, on an exchange of one event or on its dead letter. */
    static void headers(Message message, long batchId, PgqEvent event) {
        message.setHeader(PgqConstants.BATCH_ID, batchId);
        message.setHeader(PgqConstants.EVENT_ID, event.id());
        message.setHeader(PgqConstants.TYPE, event.type());
        message.setHeader(PgqConstants.RETRY, event.retry());
        message.setHeader(PgqConstants.EXTRA1, event.extra1());
        message.setHeader(PgqConstants.EXTRA2, event.extra2());
        message.setHeader(PgqConstants.EXTRA3, event.extra3());
        message.setHeader(PgqConstants.EXTRA4, event.extra4());
    }

    /** Retries the event through PgQ or, retried maxRetries times already, writes its dead letter. */
    void failed(Connection c, long batchId, PgqEvent event, Object body, Exception error) throws Exception {
        // bad ev_data reached through a type conversion: the reason is the data's, not the converter's wrapper
        Exception reason = ObjectHelper.getException(NotUrlEncodedException.class, error);
        if (reason == null) {
            reason = error;
        }
        if (event.retry() < endpoint.getMaxRetries()) {
            int seconds = (int) Math.ceil(endpoint.getRetryDelay() / 1000.0);
            queue.retry(c, batchId, event.id(), seconds);
            statistics.retries.incrementAndGet();
            LOG.warn("pgq {}: event {} failed ({}); retry {} of {} in {} s", endpoint.getQueue(), event.id(),
                    OutageLog.oneLine(reason), event.retry() + 1, endpoint.getMaxRetries(), seconds);
            return;
        }
        Exchange letter = endpoint.createExchange();
        headers(letter.getMessage(), batchId, event);
        letter.getMessage().setBody(body);
        letter.setProperty(Exchange.EXCEPTION_CAUGHT, reason);
        letter.setProperty(Exchange.FAILURE_ROUTE_ID, routeId);
        letter.setProperty(DeadLetters.REDELIVERIES_PROPERTY, event.retry());
        deadLetters.send(endpoint.getDeadLetterUri(), letter);
        if (letter.getException() != null) {
            // the batch is not finished: it comes again, and this event with it
            throw new IllegalStateException("the dead-letter write of event " + event.id() + " failed",
                    letter.getException());
        }
        statistics.deadLetters.incrementAndGet();
    }
}
