package io.dbworkers.component.redis.streams;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An entry as the consumer read it: its stream key and fields as Redis holds them ({@link RawText}), which the
 * acknowledgement and a dead letter use, and the message the route gets.
 */
record ReadEntry(String key, Map<String, String> rawFields, StreamMessage message) {

    static ReadEntry of(String key, io.lettuce.core.StreamMessage<String, String> entry, long deliveryCount) {
        String keyProblem = RawText.problem(key);
        String malformed = keyProblem == null ? null : "stream name is not valid UTF-8 (" + keyProblem + ")";
        // an entry deleted (XDEL, trimming) while pending comes back without fields
        Map<String, String> body = entry.getBody() == null ? Map.of() : entry.getBody();
        if (RawText.isAscii(key) && RawText.isAscii(body)) {
            // the common case: the text as read is the text shown, and lettuce's map is ours alone
            return new ReadEntry(key, body, new StreamMessage(key, entry.getId(), new StreamMessage.ReadFields(body),
                    deliveryCount, null));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : body.entrySet()) {
            String name = RawText.display(field.getKey());
            if (malformed == null) {
                String problem = RawText.problem(field.getKey());
                if (problem != null) {
                    malformed = "field name '" + name + "' is not valid UTF-8 (" + problem + ")";
                } else if ((problem = RawText.problem(field.getValue())) != null) {
                    malformed = "field '" + name + "' is not valid UTF-8 (" + problem + ")";
                }
            }
            fields.put(name, RawText.display(field.getValue()));
        }
        return new ReadEntry(key, body, new StreamMessage(RawText.display(key), entry.getId(),
                new StreamMessage.ReadFields(fields), deliveryCount, malformed));
    }

    String id() {
        return message.id();
    }
}
