package io.dbworkers.component.redis.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The streams a consumer reads, each with the consumer group created on it, and, per stream, where the reading of the
 * consumer's own pending entries stands. Changed only by the consumer's thread; {@link #names()} may be read by any.
 * Stream keys and the group name are {@link RawText}: a key that is not valid UTF-8 is read like any other.
 */
final class GroupStreams {

    private static final Logger LOG = LoggerFactory.getLogger(GroupStreams.class);
    private static final String FIRST_ENTRY = "0";

    private final StreamSelection selection;
    private final String group;
    private final String startId;
    private final long discoveryInterval;
    private final Set<String> streams = new ConcurrentSkipListSet<>();
    /** the last own pending entry read per stream; absent once all were read */
    private final Map<String, String> history = new HashMap<>();
    private long nextDiscovery;

    /** @param group the group's name as in the configuration */
    GroupStreams(StreamSelection selection, String group, String startId, long discoveryInterval) {
        this.selection = selection;
        this.group = RawText.raw(group);
        this.startId = startId;
        this.discoveryInterval = discoveryInterval;
    }

    Set<String> names() {
        return streams;
    }

    /** After a (re)connect: find the streams again and read the own pending entries of each from the start. */
    void reset(RedisCommands<String, String> redis) {
        streams.clear();
        history.clear();
        discover(redis);
    }

    void discoverIfDue(RedisCommands<String, String> redis) {
        if (selection.isGlob() && System.currentTimeMillis() >= nextDiscovery) {
            discover(redis);
        }
    }

    /** A stream was deleted (and maybe created again) or the group destroyed: every group is created again. */
    void regroup(RedisCommands<String, String> redis) {
        LOG.info("redis-streams {}: group {} missing on a stream, creating it again", selection.path(),
                RawText.display(group));
        for (String stream : List.copyOf(streams)) {
            if (ensureGroup(redis, stream, !selection.isGlob())) {
                history.put(stream, FIRST_ENTRY);
            } else {
                forget(stream);
            }
        }
    }

    /** The streams whose own pending entries are not all read yet, with the id to read after. */
    Map<String, String> pendingToRead() {
        return Map.copyOf(history);
    }

    /** Records how far the own pending entries of the stream were read; null when none were left. */
    void pendingRead(String stream, String lastId) {
        if (lastId == null) {
            history.remove(stream);
        } else {
            history.put(stream, lastId);
        }
    }

    private void discover(RedisCommands<String, String> redis) {
        nextDiscovery = System.currentTimeMillis() + discoveryInterval;
        if (!selection.isGlob()) {
            if (streams.isEmpty()) {
                String stream = RawText.raw(selection.path());
                ensureGroup(redis, stream, true);
                add(stream);
            }
            return;
        }
        Set<String> found = scan(redis);
        for (String stream : found) {
            if (!streams.contains(stream) && ensureGroup(redis, stream, false)) {
                LOG.info("redis-streams {}: reading stream {}", selection.path(), RawText.display(stream));
                add(stream);
            }
        }
        for (String stream : List.copyOf(streams)) {
            if (!found.contains(stream)) {
                LOG.info("redis-streams {}: stream {} is gone", selection.path(), RawText.display(stream));
                forget(stream);
            }
        }
    }

    private void add(String stream) {
        streams.add(stream);
        history.put(stream, FIRST_ENTRY);
    }

    private void forget(String stream) {
        streams.remove(stream);
        history.remove(stream);
    }

    /** SCAN MATCH takes the glob as UTF-8 bytes: the keys found are raw, whatever their bytes. */
    private Set<String> scan(RedisCommands<String, String> redis) {
        Set<String> found = new TreeSet<>();
        KeyScanArgs args = new KeyScanArgs().match(selection.path()).type("stream").limit(1000);
        KeyScanCursor<String> cursor = redis.scan(args);
        while (true) {
            for (String key : cursor.getKeys()) {
                if (selection.accepts(RawText.display(key))) {
                    found.add(key);
                }
            }
            if (cursor.isFinished()) {
                return found;
            }
            cursor = redis.scan(ScanCursor.of(cursor.getCursor()), args);
        }
    }

    /** Creates the group if missing; false when the stream no longer exists and is not to be created. */
    private boolean ensureGroup(RedisCommands<String, String> redis, String stream, boolean create) {
        try {
            redis.xgroupCreate(StreamOffset.from(stream, startId), group, XGroupCreateArgs.Builder.mkstream(create));
            LOG.info("redis-streams {}: created group {} on {} from entry {}", selection.path(),
                    RawText.display(group), RawText.display(stream), startId);
            return true;
        } catch (RedisCommandExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("BUSYGROUP")) {
                return true;
            }
            if (!create && message.contains("requires the key to exist")) {
                return false;
            }
            throw e;
        }
    }
}
