package io.dbworkers.deadletter;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.dbworkers.config.AmqpUrl;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.dbworkers.config.Settings;

/**
 * Where dead letters go, from the setting {@code DEAD_LETTER_URL}:
 * <ul>
 * <li>{@code redis://[user:pass@]host[:port]/STREAM} (or {@code rediss://}): an entry in the Redis stream, through the
 * {@code redis-streams} producer, trimmed to {@code DEAD_LETTER_MAXLEN} entries when that is set;</li>
 * <li>{@code amqp://user:pass@host[:port]/QUEUE}: a persistent message in the durable RabbitMQ queue, declared on
 * use, sent with publisher confirms (the send fails unless the broker confirms it within 5 s);</li>
 * <li>unset: a row in the {@code dead_letters} table of the registry's {@code dataSource}.</li>
 * </ul>
 * {@link #toString()} never shows a password.
 */
public final class DeadLetterTarget {

    public static final String URL_SETTING = "DEAD_LETTER_URL";
    public static final String MAXLEN_SETTING = "DEAD_LETTER_MAXLEN";
    /** The registry name of the RabbitMQ connection factory that {@code install} binds for an AMQP target. */
    public static final String CONNECTION_FACTORY_BEAN = "dbWorkersDeadLetterConnectionFactory";
    /** How long a dead-letter message may wait for the broker's publisher confirm before the send fails. */
    public static final long CONFIRM_TIMEOUT_MS = 5000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:\\-]{1,255}");
    private static final String NAME_RULE = "letters, digits, '_', '.', ':' and '-'";

    /** The three kinds of target. */
    public enum Kind {
        REDIS, AMQP, TABLE
    }

    /**
     * A RabbitMQ broker and queue.
     *
     * @param host     the broker host
     * @param port     the broker port
     * @param user     the user name
     * @param password the password; never part of {@link #toString()}
     * @param queue    the durable queue dead letters go to
     */
    public record Amqp(String host, int port, String user, String password, String queue) {

        @Override
        public String toString() {
            return "amqp://" + user + ":****@" + host + ":" + port + "/" + queue;
        }
    }

    private final Kind kind;
    private final String endpointUri;
    private final Amqp amqp;
    private final String description;

    private DeadLetterTarget(Kind kind, String endpointUri, Amqp amqp, String description) {
        this.kind = kind;
        this.endpointUri = endpointUri;
        this.amqp = amqp;
        this.description = description;
    }

    /** Reads {@code DEAD_LETTER_URL} (and {@code DEAD_LETTER_MAXLEN} for Redis). */
    public static DeadLetterTarget parse(Settings settings) {
        Optional<String> url = settings.string(URL_SETTING);
        if (url.isEmpty()) {
            return new DeadLetterTarget(Kind.TABLE, null, null, "the dead_letters table of the dataSource bean");
        }
        URI uri;
        try {
            uri = new URI(url.get());
        } catch (URISyntaxException e) {
            throw new ConfigurationException(URL_SETTING, "is not a valid URL: " + Masking.mask(url.get()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "redis":
            case "rediss":
                return redis(settings, uri, scheme, url.get());
            case "amqp":
                return amqp(uri, url.get());
            default:
                throw new ConfigurationException(URL_SETTING, "unsupported scheme '" + scheme + "' in "
                        + Masking.mask(url.get()) + " (use redis://host:port/STREAM, amqp://user:pass@host:port/QUEUE,"
                        + " or leave it unset for the dead_letters table)");
        }
    }

    private static DeadLetterTarget redis(Settings settings, URI uri, String scheme, String url) {
        String host = host(uri, url);
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        String stream = name(uri, url, "stream");
        int maxLen = settings.integer(MAXLEN_SETTING, 0, 0, Integer.MAX_VALUE);
        String server = scheme + "://" + host + ":" + port;
        String redisUri = uri.getRawUserInfo() == null ? server
                // RAW keeps the credentials as they are, whatever characters they hold
                : "RAW(" + scheme + "://" + uri.getRawUserInfo() + "@" + host + ":" + port + ")";
        String endpoint = "redis-streams:" + stream + "?redisUri=" + redisUri + (maxLen > 0 ? "&maxLen=" + maxLen : "");
        return new DeadLetterTarget(Kind.REDIS, endpoint, null, "the Redis stream " + stream + " on " + server
                + (maxLen > 0 ? " (at most " + maxLen + " entries)" : ""));
    }

    private static DeadLetterTarget amqp(URI uri, String url) {
        String host = host(uri, url);
        String queue = name(uri, url, "queue");
        AmqpUrl server = AmqpUrl.parse(URL_SETTING, url);
        int port = server.port();
        String user = server.user();
        String password = server.password();
        Amqp amqp = new Amqp(host, port, user, password, queue);
        // the default exchange routes by queue name; the queue is declared by DurableQueue before each send
        String endpoint = "spring-rabbitmq:default?connectionFactory=#" + CONNECTION_FACTORY_BEAN
                + "&routingKey=" + queue + "&confirm=enabled&confirmTimeout=" + CONFIRM_TIMEOUT_MS;
        return new DeadLetterTarget(Kind.AMQP, endpoint, amqp, "the durable RabbitMQ queue " + queue + " on "
                + host + ":" + port);
    }

    private static String host(URI uri, String url) {
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigurationException(URL_SETTING, "has no host: " + Masking.mask(url));
        }
        return uri.getHost();
    }

    private static String name(URI uri, String url, String what) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String name = path.startsWith("/") ? decode(path.substring(1)) : decode(path);
        if (name.isEmpty()) {
            throw new ConfigurationException(URL_SETTING, "names no " + what + ": " + Masking.mask(url));
        }
        if (!NAME.matcher(name).matches()) {
            throw new ConfigurationException(URL_SETTING, "the " + what + " name '" + name + "' may hold only "
                    + NAME_RULE + ": " + Masking.mask(url));
        }
        return name;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public Kind kind() {
        return kind;
    }

    /** The Camel endpoint to send to; null for {@link Kind#TABLE}, which is written by {@link DeadLetterTable}. */
    public String endpointUri() {
        return endpointUri;
    }

    /** The broker and queue for {@link Kind#AMQP}, else null. */
    public Amqp amqp() {
        return amqp;
    }

    @Override
    public String toString() {
        return description;
    }
}
