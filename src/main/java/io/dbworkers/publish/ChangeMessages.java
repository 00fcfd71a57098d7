package io.dbworkers.publish;

import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.rabbitmq.client.AMQP;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.deadletter.ValidationException;

/** What a change is as a RabbitMQ message: JSON body, routing key, message_id and properties. */
final class ChangeMessages {

    private static final int PERSISTENT = 2;

    /**
     * The change as it will be published; fails with a {@link ValidationException} when it can never be, so that a
     * route can dead-letter a change that {@link RabbitChangePublisher#process} left out of a batch.
     */
    static ChangeMessage message(DatabaseChange change, int maxMessageSize) {
        byte[] json;
        try {
            json = ChangeJson.mapper().writeValueAsBytes(change);
        } catch (JsonProcessingException e) {
            throw new ValidationException("the change of " + change.qualifiedTable() + " " + change.primaryKey()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        if (json.length > maxMessageSize) {
            throw new ValidationException("the change of " + change.qualifiedTable() + " " + change.primaryKey()
                    + " is " + json.length + " bytes as JSON, more than maxMessageSize " + maxMessageSize);
        }
        return new ChangeMessage(change, routingKey(change), json);
    }

    /** {@code schema.table.operation} in lower case, e.g. {@code public.orders.update}. */
    static String routingKey(DatabaseChange change) {
        return (change.qualifiedTable() + "." + change.changeType().name()).toLowerCase(Locale.ROOT);
    }

    /**
     * The same for every delivery of one change: {@code mode:position:schema.table:key}, e.g.
     * {@code pgoutput:23861224:public.orders:{"id":1}}. The position alone is not enough: the rows of one binlog event
     * share it.
     */
    static String messageId(DatabaseChange change) {
        String key;
        try {
            key = ChangeJson.mapper().writeValueAsString(new TreeMap<>(change.primaryKey()));
        } catch (JsonProcessingException e) {
            throw new ValidationException("the key of a change of " + change.qualifiedTable()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        return change.source().mode() + ":" + change.source().position() + ":" + change.qualifiedTable() + ":" + key;
    }

    static AMQP.BasicProperties properties(DatabaseChange change) {
        Map<String, Object> headers = new HashMap<>(4);
        headers.put("table", change.qualifiedTable());
        headers.put("operation", change.changeType().name());
        headers.put("position", change.source().position());
        return new AMQP.BasicProperties.Builder()
                .messageId(messageId(change))
                .contentType("application/json")
                .contentEncoding("UTF-8")
                .deliveryMode(PERSISTENT)
                .timestamp(change.timestamp() == null ? null : Date.from(change.timestamp()))
                .headers(headers)
                .build();
    }

    private ChangeMessages() {
    }
}
