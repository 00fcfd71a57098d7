package io.dbworkers.deadletter.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** A Redis stream of dead letters ({@code redis://[user:pass@]host:port/STREAM}): XRANGE to read, XDEL to remove. */
final class RedisSource implements DeadLetterSource {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String stream;
    private final String description;

    private RedisSource(RedisClient client, StatefulRedisConnection<String, String> connection, String stream,
                        String description) {
        this.client = client;
        this.connection = connection;
        this.stream = stream;
        this.description = description;
    }

    static RedisSource open(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("SOURCE", "is not a valid URL: " + Masking.mask(url));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String stream = URLDecoder.decode(path.startsWith("/") ? path.substring(1) : path, StandardCharsets.UTF_8);
        if (stream.isEmpty() || uri.getHost() == null) {
            throw new ConfigurationException("SOURCE", "names no host or stream (redis://host:port/STREAM): "
                    + Masking.mask(url));
        }
        RedisURI redis = RedisURI.create(uri.getScheme() + "://" + uri.getHost() + ":"
                + (uri.getPort() > 0 ? uri.getPort() : 6379));
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            if (colon >= 0) {
                if (!user.isEmpty()) {
                    redis.setUsername(user);
                }
                redis.setPassword(URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8).toCharArray());
            }
        }
        redis.setTimeout(Duration.ofSeconds(10));
        RedisClient client = RedisClient.create(redis);
        try {
            return new RedisSource(client, client.connect(), stream, "the Redis stream " + stream + " on "
                    + redis.getHost() + ":" + redis.getPort());
        } catch (RuntimeException e) {
            client.shutdown();
            throw new ConfigurationException("SOURCE", "cannot connect to Redis at " + redis.getHost() + ":"
                    + redis.getPort() + ": " + Masking.mask(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public List<Entry> list(int limit) {
        List<Entry> entries = new ArrayList<>();
        for (StreamMessage<String, String> message : commands().xrange(stream, Range.create("-", "+"),
                Limit.from(limit))) {
            entries.add(new Entry(message.getId(), message.getBody()));
        }
        return entries;
    }

    @Override
    public Optional<Entry> get(String id) {
        return commands().xrange(stream, Range.create(id, id)).stream().findFirst()
                .map(m -> new Entry(m.getId(), m.getBody()));
    }

    @Override
    public void drain(List<String> ids, EntryHandler handler) throws Exception {
        List<Entry> entries = ids.isEmpty() ? list(Integer.MAX_VALUE) : new ArrayList<>();
        for (String id : ids) {
            entries.add(get(id).orElseThrow(() -> new ConfigurationException("ID", "no dead letter " + id + " in "
                    + description)));
        }
        for (Entry entry : entries) {
            handler.handle(entry);
            commands().xdel(stream, entry.id());
        }
    }

    @Override
    public int purge(List<String> ids) {
        if (ids.isEmpty()) {
            int count = commands().xlen(stream).intValue();
            commands().del(stream);
            return count;
        }
        return commands().xdel(stream, ids.toArray(new String[0])).intValue();
    }

    private RedisCommands<String, String> commands() {
        return connection.sync();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
