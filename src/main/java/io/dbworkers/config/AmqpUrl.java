package io.dbworkers.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * A RabbitMQ server given as {@code amqp://user:pass@host[:port][/path]}: user and password default to
 * {@code guest}, the port to 5672. What the path means is up to the setting (the dead-letter queue, a virtual host).
 * {@link #toString()} never shows the password.
 *
 * @param host     the broker host
 * @param port     the broker port
 * @param user     the user name
 * @param password the password
 * @param path     the decoded path without its leading '/', empty when there is none
 */
public record AmqpUrl(String host, int port, String user, String password, String path) {

    /** How long connecting to the broker may take before the attempt fails. */
    public static final int CONNECTION_TIMEOUT_MS = 5000;

    /**
     * Parses an {@code amqp://} URL.
     *
     * @param setting the name of the setting the URL came from, for the error message
     */
    public static AmqpUrl parse(String setting, String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException(setting, "is empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ConfigurationException(setting, "is not a valid URL: " + Masking.mask(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("amqp")) {
            throw new ConfigurationException(setting, "must be amqp://user:pass@host:port/..., not "
                    + Masking.mask(url));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigurationException(setting, "has no host: " + Masking.mask(url));
        }
        String user = "guest";
        String password = "guest";
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        path = decode(path.startsWith("/") ? path.substring(1) : path);
        return new AmqpUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5672, user, password, path);
    }

    /** A connection factory for this server and virtual host, with the given kind of publisher confirms. */
    public CachingConnectionFactory connectionFactory(String virtualHost,
                                                      CachingConnectionFactory.ConfirmType confirmType) {
        CachingConnectionFactory factory = new CachingConnectionFactory(host, port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost == null || virtualHost.isEmpty() ? "/" : virtualHost);
        factory.setPublisherConfirmType(confirmType);
        factory.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        return factory;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "amqp://" + user + ":****@" + host + ":" + port + (path.isEmpty() ? "" : "/" + path);
    }
}
