package io.dbworkers.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** bench/pgq.sh's producer side: the next chunk of events, as Maps the pgq producer URL-encodes. */
public class PgqBenchEvents {

    private static final AtomicLong NEXT = new AtomicLong();

    public List<Map<String, Object>> chunk(int size) {
        List<Map<String, Object>> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long g = NEXT.incrementAndGet();
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("sensor", "s" + g % 100);
            event.put("value", g);
            events.add(event);
        }
        return events;
    }
}
