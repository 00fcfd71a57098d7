package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;

class RedisStreamsProducerIT extends RedisStreamsItBase {

    @Test
    void addsMapFieldsAndSetsTheEntryId() throws Exception {
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_id", "esp32");
        body.put("value", 23.5);
        body.put("metadata", null);

        Exchange sent = template.send(uri(name, ""), e -> e.getMessage().setBody(body));

        assertThat(sent.getException()).isNull();
        var entries = redis.xrange(name, Range.create("-", "+"));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getBody()).containsExactly(Map.entry("device_id", "esp32"),
                Map.entry("value", "23.5"));
        assertThat(sent.getMessage().getHeader(RedisStreamsConstants.ENTRY_ID)).isEqualTo(entries.get(0).getId());
    }

    @Test
    void addsAnyOtherBodyAsPayloadToTheStreamOfTheHeader() throws Exception {
        camel.start();
        String other = name + ":other";

        camel.createProducerTemplate().sendBodyAndHeader(uri(name, ""), "{\"a\":1}", RedisStreamsConstants.STREAM,
                other);

        assertThat(redis.exists(name)).isZero();
        var entries = redis.xrange(other, Range.create("-", "+"));
        assertThat(entries).extracting(StreamMessage::getBody).containsExactly(Map.of("payload", "{\"a\":1}"));
    }

    @Test
    void trimsToMaxLen() throws Exception {
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        for (int i = 0; i < 20; i++) {
            template.sendBody(uri(name, "maxLen=5&approximateTrim=false"), Map.of("n", i));
        }

        var entries = redis.xrange(name, Range.create("-", "+"));
        assertThat(entries).extracting(e -> e.getBody().get("n")).containsExactly("15", "16", "17", "18", "19");
    }

    @Test
    void failsTheExchangeWhenRedisRefuses() throws Exception {
        camel.start();
        redis.set(name, "not a stream");

        Exchange sent = camel.createProducerTemplate().send(uri(name, ""), e -> e.getMessage().setBody("x"));

        assertThat(sent.getException()).hasMessageContaining("WRONGTYPE");
        assertThat(sent.getMessage().getHeader(RedisStreamsConstants.ENTRY_ID)).isNull();
    }
}
