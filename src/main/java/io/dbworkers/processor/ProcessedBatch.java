package io.dbworkers.processor;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the results of a split batch back into one {@code List}, in split order, leaving out the parts that went
 * to the dead-letter target: the bulk step after the split sees only what was processed.
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
        boolean deadLettered = newExchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null;
        Object body = newExchange.getMessage().getBody();
        if (!deadLettered && body != null) {
            batch.add(body);
        }
        result.getMessage().setBody(batch);
        return result;
    }
}
