package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;

class RedisStreamsConfigurationTest {

    @Test
    void maxDeliveriesWithoutADeadLetterStreamStopsTheStart() {
        assertThatThrownBy(() -> start("redis-streams:s?group=g&maxDeliveries=3"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("maxDeliveries:").hasMessageContaining("no deadLetterStream");
    }

    @Test
    void theConsumerNeedsAGroup() {
        assertThatThrownBy(() -> start("redis-streams:s"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("group:");
    }

    @Test
    void thePasswordIsASecretOption() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            String uri = camel.getEndpoint("redis-streams:s?group=g&password=hunter2").getEndpointUri();
            assertThat(URISupport.sanitizeUri(uri)).doesNotContain("hunter2");
        }
    }

    private static void start(String uri) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).to("log:x");
                }
            });
            camel.start();
        }
    }
}
