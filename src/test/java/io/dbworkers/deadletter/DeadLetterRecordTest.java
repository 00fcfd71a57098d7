package io.dbworkers.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.component.redis.streams.StreamMessage;

/** The record of a batch of changes, of a Redis stream entry, and of a body that is neither. */
class DeadLetterRecordTest {

    private static Exchange failed(Object body, Exception cause) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        exchange.setProperty(Exchange.FAILURE_ROUTE_ID, "orders");
        exchange.setProperty(DeadLetters.REDELIVERIES_PROPERTY, 2);
        return exchange;
    }

    @Test
    void batchOfChanges() {
        List<DatabaseChange> batch = List.of(DeadLetterRedeliveryTest.change(1, "a@example.com"),
                DeadLetterRedeliveryTest.change(2, "b@example.com"));

        DeadLetterRecord record = DeadLetterRecord.of(failed(batch, new IllegalStateException("down")));

        assertThat(record.payload()).isEqualTo(ChangeJson.toJson(batch));
        assertThat(record.table()).isEqualTo("public.items");
        assertThat(record.key()).isEqualTo("[{\"id\":1},{\"id\":2}]");
        assertThat(record.attempts()).isEqualTo(3);
        assertThat(record.route()).isEqualTo("orders");
    }

    @Test
    void otherBodyAsTextWithoutKeyOrTable() {
        DeadLetterRecord record = DeadLetterRecord.of(failed("plain text",
                new IllegalStateException("cannot reach postgresql://app:hunter2@db/orders\nat line 2")));

        assertThat(record.toMap()).containsExactly(
                entry("payload", "plain text"), entry("route", "orders"), entry("table", ""), entry("key", ""),
                entry("error", "cannot reach postgresql://app:****@db/orders"),
                entry("error_class", "java.lang.IllegalStateException"), entry("attempts", "3"),
                entry("failed_at", record.failedAt().toString()));
        assertThat(record.failedAt().toString()).endsWith("Z");
    }

    @Test
    void redisStreamEntryAsJsonWithStreamAndIdAsKey() {
        StreamMessage message = new StreamMessage("mqtt_stream:esp32:temperature", "1700000000000-0",
                Map.of("value", "23.5"), 4);

        DeadLetterRecord record = DeadLetterRecord.of(failed(message, new IllegalStateException("bad")));

        assertThat(record.payload()).isEqualTo("{\"stream\":\"mqtt_stream:esp32:temperature\","
                + "\"id\":\"1700000000000-0\",\"fields\":{\"value\":\"23.5\"},\"deliveryCount\":4}");
        assertThat(ChangeJson.mapper().convertValue(ChangeJson.mapper().valueToTree(message), StreamMessage.class))
                .isEqualTo(message);
        assertThat(record.key()).contains("\"id\":\"1700000000000-0\"");
        assertThat(record.table()).isEmpty();
    }

    private static Map.Entry<String, String> entry(String key, String value) {
        return Map.entry(key, value);
    }
}
