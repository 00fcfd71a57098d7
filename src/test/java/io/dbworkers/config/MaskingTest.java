package io.dbworkers.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingTest {

    @Test
    void masksUserInfoAndSecretParameters() {
        assertThat(Masking.mask("amqp://guest:guest@localhost:5672/q")).isEqualTo("amqp://guest:****@localhost:5672/q");
        assertThat(Masking.mask("jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
        assertThat(Masking.mask("redis://:tok3n@h:6379/s")).isEqualTo("redis://:****@h:6379/s");
        assertThat(Masking.mask("no secrets here")).isEqualTo("no secrets here");
    }
}
