package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
        assertThat(new Glob("s[a-c]").matches("sb")).isTrue();
        assertThat(new Glob("s[^a]").matches("sa")).isFalse();
        assertThat(new Glob("a\\*b").matches("a*b")).isTrue();
        assertThat(new Glob("a\\*b").matches("axb")).isFalse();
        assertThat(new Glob("a.b+").matches("a.b+")).isTrue();
        assertThat(new Glob("a.b+").matches("axbb")).isFalse();
        assertThat(StreamSelection.isGlob("plain:name")).isFalse();
    }

    @Test
    void moreClassesAndStars() {
        assertThat(new Glob("s[abc-e]x").matches("sdx")).isTrue();
        assertThat(new Glob("s[abc-e]x").matches("sfx")).isFalse();
        assertThat(new Glob("s[^a-c]*").matches("sd123")).isTrue();
        assertThat(new Glob("a*b*c").matches("a__b__b__c")).isTrue();
        assertThat(new Glob("a*b*c").matches("a__c__b")).isFalse();
        assertThat(new Glob("*").matches("")).isTrue();
        assertThat(new Glob("a?").matches("a")).isFalse();
        assertThat(new Glob("[x").matches("[x")).isTrue();
    }

    /** A crafted stream name costs no more than (name length) x (glob length) steps; a regex took exponential time. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void craftedNamesAgainstManyStarsAreMatchedQuickly() {
        String name = "a".repeat(1 << 16);
        assertThat(new Glob("*a*a*a*a*a*a*a*a*b").matches(name)).isFalse();
        assertThat(new Glob("a*a*a*a*a*a*a*a*a").matches(name)).isTrue();
        assertThat(new Glob("*?*?*?*?*?*?*?*[b]").matches(name)).isFalse();
        StreamSelection selection = new StreamSelection("*a*a*a*a*a*a*", null, "*a*a*a*a*a*a*a*b");
        assertThat(selection.accepts(name)).isTrue();
        assertThat(selection.accepts(name + "b")).isFalse();
    }

    @Test
    void readingTheDeadLetterStreamItselfIsAConfigurationError() {
        assertThatThrownBy(() -> new StreamSelection("failed", "failed", null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("deadLetterStream");
    }
}
