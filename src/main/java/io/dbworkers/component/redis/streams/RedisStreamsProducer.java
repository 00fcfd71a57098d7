package io.dbworkers.component.redis.streams;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Adds the body as one entry (XADD) and waits for Redis's answer: a Map body gives the fields (values as strings,
 * null values left out), any other body one field {@code payload}.
 */
public class RedisStreamsProducer extends DefaultProducer {

    static final String PAYLOAD = "payload";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RedisStreamsEndpoint endpoint;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    public RedisStreamsProducer(RedisStreamsEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        client = endpoint.newClient(true, TIMEOUT, "redis-streams-producer");
        connection = client.connect();
    }

    @Override
    protected void doStop() throws Exception {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (client != null) {
            client.shutdown();
            client = null;
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String stream = message.getHeader(RedisStreamsConstants.STREAM, endpoint.getStream(), String.class);
        Map<String, String> fields = fields(exchange);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("redis-streams: nothing to add to " + stream
                    + ": the body is an empty Map or has only null values");
        }
        XAddArgs args = new XAddArgs();
        if (endpoint.getMaxLen() > 0) {
            args.maxlen(endpoint.getMaxLen()).approximateTrimming(endpoint.isApproximateTrim());
        }
        String id = connection.sync().xadd(stream, args, fields);
        message.setHeader(RedisStreamsConstants.ENTRY_ID, id);
    }

    private static Map<String, String> fields(Exchange exchange) throws InvalidPayloadException {
        Object body = exchange.getMessage().getBody();
        Map<String, String> fields = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (key != null && value != null) {
                    fields.put(key.toString(), value.toString());
                }
            });
        } else if (body != null) {
            fields.put(PAYLOAD, exchange.getMessage().getMandatoryBody(String.class));
        }
        return fields;
    }
}
