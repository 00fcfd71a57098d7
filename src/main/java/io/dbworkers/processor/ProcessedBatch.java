package io.dbworkers.processor;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the results of a split batch back into one {@code List}, in split order, leaving out the parts that went
 * to the dead-letter target: the bulk step after the split sees only what was processed.
 * <p>
 * A part that still carries its exception was neither processed nor dead-lettered (its dead-letter write failed too,
 * e.g. the target is down). Then the whole batch fails with that exception, so that the source keeps its offset and
 * reads the batch again later: leaving the part out would advance the offset past a change nobody holds.
 */
public class ProcessedBatch implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange != null ? oldExchange : newExchange;
        @SuppressWarnings("unchecked")
        List<Object> batch = oldExchange == null ? null : oldExchange.getMessage().getBody(List.class);
        if (batch == null) {
            batch = new ArrayList<>();
        }
        Exception failure = newExchange.getException();
        Object body = newExchange.getMessage().getBody();
        if (failure != null) {
            if (result.getException() == null) {
                result.setException(failure);
            }
        } else if (newExchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null && body != null) {
            batch.add(body);
        }
        result.getMessage().setBody(batch);
        return result;
    }
}
