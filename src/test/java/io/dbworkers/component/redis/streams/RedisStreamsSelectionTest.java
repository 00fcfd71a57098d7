package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;

class RedisStreamsSelectionTest {

    @Test
    void aGlobMatchesLikeRedisLessTheDeadLetterStreamAndExclusions() {
        StreamSelection selection = new StreamSelection("mqtt_stream:*", "mqtt_stream:failed", "mqtt_stream:test?:*");

        assertThat(selection.isGlob()).isTrue();
        assertThat(selection.accepts("mqtt_stream:esp32:temperature")).isTrue();
        assertThat(selection.accepts("mqtt_stream:failed")).isFalse();
        assertThat(selection.accepts("mqtt_stream:test1:x")).isFalse();
        assertThat(selection.accepts("mqtt_stream:test12:x")).isTrue();
        assertThat(selection.accepts("other:esp32")).isFalse();
    }

    @Test
    void classesAndEscapesAreRedisGlobSyntax() {
        assertThat(StreamSelection.toRegex("s[a-c]").matcher("sb").matches()).isTrue();
        assertThat(StreamSelection.toRegex("s[^a]").matcher("sa").matches()).isFalse();
        assertThat(StreamSelection.toRegex("a\\*b").matcher("a*b").matches()).isTrue();
        assertThat(StreamSelection.toRegex("a\\*b").matcher("axb").matches()).isFalse();
        assertThat(StreamSelection.toRegex("a.b+").matcher("a.b+").matches()).isTrue();
        assertThat(StreamSelection.toRegex("a.b+").matcher("axbb").matches()).isFalse();
        assertThat(StreamSelection.isGlob("plain:name")).isFalse();
    }

    @Test
    void readingTheDeadLetterStreamItselfIsAConfigurationError() {
        assertThatThrownBy(() -> new StreamSelection("failed", "failed", null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("deadLetterStream");
    }
}
