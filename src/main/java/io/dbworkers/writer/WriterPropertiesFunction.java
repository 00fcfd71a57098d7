package io.dbworkers.writer;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholders {@code {{redis-writer:NAME}}} of {@code examples/redis-to-postgres.yaml}: the writer's validated
 * settings in the form the endpoints take (durations in milliseconds, the Redis URI from host and port), read from
 * the {@link RedisWriter} bean. Resolving one sets nothing up: the route's policy does ({@link RedisWriter#onInit}).
 */
@org.apache.camel.spi.annotations.PropertiesFunction("redis-writer")
public class WriterPropertiesFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext camelContext;

    @Override
    public String getName() {
        return "redis-writer";
    }

    @Override
    public String apply(String remainder) {
        RedisWriter writer = camelContext.getRegistry().lookupByNameAndType(RedisWriter.BEAN, RedisWriter.class);
        if (writer == null) {
            throw new IllegalArgumentException("{{redis-writer:" + remainder + "}} needs the bean " + RedisWriter.BEAN
                    + ", which db-workers' configuration binds");
        }
        WriterSettings s = writer.settings();
        switch (remainder.trim()) {
            case "redisUri":
                return s.redisUri();
            case "group":
                return s.group();
            case "consumerName":
                return s.consumerName();
            case "streamPattern":
                return s.streamPattern();
            case "deadLetterStream":
                return s.deadLetterStream();
            case "batchSize":
                return Integer.toString(s.batchSize());
            case "blockMs":
                return Long.toString(s.batchTimeout().toMillis());
            case "processingIntervalMs":
                return Long.toString(s.processingInterval().toMillis());
            case "claimIdleMs":
                return Long.toString(s.claimIdle().toMillis());
            case "table":
                return s.tableName();
            case "columns":
                return SensorReadingTransform.COLUMNS;
            default:
                throw new IllegalArgumentException("unknown placeholder {{redis-writer:" + remainder + "}}");
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
