package io.dbworkers.logging;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The console pattern masks passwords in the message and in the exception, as a third-party logger writes them. */
class MaskingConvertersTest {

    @Test
    void consoleLineHasNoPassword() {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().putAll(Map.of(
                "maskedMsg", MaskingMessageConverter::new, "maskedEx", MaskingThrowableConverter::new));
        layout.setPattern("%maskedMsg%n%maskedEx");
        layout.start();
        LoggingEvent event = new LoggingEvent("org.example.Client", context.getLogger("org.example.Client"),
                Level.WARN, "connecting to {}", new IllegalStateException("refused: amqp://guest:hunter2@rabbit/x"),
                new Object[] {"redis://bob:s3cret@cache:6379?token=abc"});

        String line = layout.doLayout(event);

        assertThat(line).contains("connecting to redis://bob:****@cache:6379?token=****")
                .contains("refused: amqp://guest:****@rabbit/x")
                .doesNotContain("s3cret").doesNotContain("hunter2").doesNotContain("abc");
    }
}
