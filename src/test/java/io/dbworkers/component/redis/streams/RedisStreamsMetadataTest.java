package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The generated component metadata, as Camel's tooling (and any masking of URIs) reads it from the jar. */
class RedisStreamsMetadataTest {

    @Test
    void everyOptionThatCanCarryAPasswordIsSecret() throws Exception {
        JsonNode properties = metadata().get("properties");
        for (String option : new String[] {"redisUri", "username", "password"}) {
            assertThat(properties.get(option).path("secret").asBoolean()).as(option).isTrue();
        }
        assertThat(properties.get("group").path("secret").asBoolean()).isFalse();
    }

    private static JsonNode metadata() throws Exception {
        try (InputStream json = RedisStreamsMetadataTest.class.getResourceAsStream(
                "/META-INF/io/dbworkers/component/redis/streams/redis-streams.json")) {
            assertThat(json).as("redis-streams.json on the classpath").isNotNull();
            return new ObjectMapper().readTree(json);
        }
    }
}
