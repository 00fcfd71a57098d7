package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lettuce.core.output.StreamReadOutput;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.protocol.RedisStateMachine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * An XREADGROUP reply, in RESP2 and in RESP3, decoded by lettuce's own protocol decoder into {@link EntriesOutput}
 * gives the entries lettuce's {@code StreamReadOutput} gives, field by field, with their stream.
 */
class EntriesOutputTest {

    /** two streams, the first with two entries (one of two fields, one of one), the second with one */
    private static final String STREAM_A = "*2\r\n$3\r\ns:a\r\n*2\r\n"
            + "*2\r\n$3\r\n1-1\r\n*4\r\n$5\r\nvalue\r\n$2\r\n21\r\n$8\r\nmetadata\r\n$2\r\n{}\r\n"
            + "*2\r\n$3\r\n2-1\r\n*2\r\n$5\r\nvalue\r\n$4\r\n22.5\r\n";
    private static final String STREAM_B = "*2\r\n$3\r\ns:b\r\n*1\r\n"
            + "*2\r\n$3\r\n1-7\r\n*2\r\n$1\r\nk\r\n$2\r\n\u00e9x\r\n";

    private static List<ReadEntry> decode(String reply, ProtocolVersion version) {
        RedisStateMachine machine = new RedisStateMachine();
        machine.setProtocolVersion(version);
        EntriesOutput output = new EntriesOutput();
        assertThat(machine.decode(buffer(reply), output)).isTrue();
        return output.get();
    }

    private static List<io.lettuce.core.StreamMessage<String, String>> lettuce(String reply, ProtocolVersion version) {
        RedisStateMachine machine = new RedisStateMachine();
        machine.setProtocolVersion(version);
        StreamReadOutput<String, String> output = new StreamReadOutput<>(RawText.CODEC);
        assertThat(machine.decode(buffer(reply), output)).isTrue();
        return output.get();
    }

    private static ByteBuf buffer(String reply) {
        return Unpooled.wrappedBuffer(reply.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertSameAsLettuce(String reply, ProtocolVersion version) {
        List<ReadEntry> entries = decode(reply, version);
        List<io.lettuce.core.StreamMessage<String, String>> expected = lettuce(reply, version);
        assertThat(entries).hasSize(3).hasSameSizeAs(expected);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).key()).isEqualTo(expected.get(i).getStream());
            assertThat(entries.get(i).id()).isEqualTo(expected.get(i).getId());
            assertThat(entries.get(i).rawFields()).containsExactlyEntriesOf(expected.get(i).getBody());
            assertThat(entries.get(i).message().deliveryCount()).isEqualTo(1);
        }
        assertThat(entries.get(0).message().fields()).containsExactly(Map.entry("value", "21"),
                Map.entry("metadata", "{}"));
        assertThat(entries.get(1).message().stream()).isEqualTo("s:a");
        assertThat(entries.get(2).message().stream()).isEqualTo("s:b");
        assertThat(entries.get(2).message().fields()).containsExactly(Map.entry("k", "\\xE9x"));
        assertThat(entries.get(2).message().malformed()).isEqualTo(
                "field 'k' is not valid UTF-8 (byte 0xE9 at offset 0)");
    }

    @Test
    void resp2ArrayOfStreams() {
        assertSameAsLettuce("*2\r\n" + STREAM_A + STREAM_B, ProtocolVersion.RESP2);
    }

    @Test
    void resp3MapOfStreams() {
        String map = "%2\r\n" + STREAM_A.substring("*2\r\n".length()) + STREAM_B.substring("*2\r\n".length());
        assertSameAsLettuce(map, ProtocolVersion.RESP3);
    }

    @Test
    void nothingReadIsNoEntry() {
        assertThat(decode("*-1\r\n", ProtocolVersion.RESP2)).isEmpty();
        assertThat(decode("_\r\n", ProtocolVersion.RESP3)).isEmpty();
    }
}
