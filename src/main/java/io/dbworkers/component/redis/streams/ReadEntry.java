package io.dbworkers.component.redis.streams;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An entry as the consumer read it: its stream key and fields as Redis holds them ({@link RawText}), which the
 * acknowledgement and a dead letter use, and the message the route gets.
 */
record ReadEntry(String key, Map<String, String> rawFields, StreamMessage message) {

    static ReadEntry of(String key, io.lettuce.core.StreamMessage<String, String> entry, long deliveryCount) {
        // an entry deleted (XDEL, trimming) while pending comes back without fields
        Map<String, String> body = entry.getBody() == null ? Map.of() : entry.getBody();
        return of(key, entry.getId(), StreamMessage.ReadFields.copyOf(body), deliveryCount);
    }

    /** @param fields as Redis sent them */
    static ReadEntry of(String key, String id, StreamMessage.ReadFields fields, long deliveryCount) {
        if (RawText.isAscii(key) && fields.isAscii()) {
            // the common case: the text as read is the text shown
            return new ReadEntry(key, fields, new StreamMessage(key, id, fields, deliveryCount, null));
        }
        String keyProblem = RawText.problem(key);
        String malformed = keyProblem == null ? null : "stream name is not valid UTF-8 (" + keyProblem + ")";
        Map<String, String> shown = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String name = RawText.display(field.getKey());
            if (malformed == null) {
                String problem = RawText.problem(field.getKey());
                if (problem != null) {
                    malformed = "field name '" + name + "' is not valid UTF-8 (" + problem + ")";
                } else if ((problem = RawText.problem(field.getValue())) != null) {
                    malformed = "field '" + name + "' is not valid UTF-8 (" + problem + ")";
                }
            }
            shown.put(name, RawText.display(field.getValue()));
        }
        return new ReadEntry(key, fields, new StreamMessage(RawText.display(key), id,
                StreamMessage.ReadFields.copyOf(shown), deliveryCount, malformed));
    }

    String id() {
        return message.id();
    }
}
