package io.dbworkers.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A database connection given as a JDBC URL or in the seeds' form {@code postgresql://user:pass@host:5432/db}
 * ({@code postgres://}, {@code mysql://}, {@code mariadb://}, with an optional SQLAlchemy driver suffix such as
 * {@code postgresql+asyncpg://}). Credentials in the URL win over separately given ones. {@link #toString()} never
 * shows the password.
 *
 * @param jdbcUrl  the JDBC URL without credentials
 * @param user     the user name, or null
 * @param password the password, or null
 */
public record ConnectionUrl(String jdbcUrl, String user, String password) {

    /**
     * Parses a connection URL.
     *
     * @param setting  the name of the setting the URL came from, for the error message
     * @param url      the URL
     * @param user     a user given separately (e.g. {@code DATABASE_USER}), or null
     * @param password a password given separately (e.g. {@code DATABASE_PASSWORD}), or null
     */
    public static ConnectionUrl parse(String setting, String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException(setting, "is empty");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:")) {
            return new ConnectionUrl(trimmed, user, password);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(setting, "is not a valid URL (" + Masking.mask(trimmed) + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int plus = scheme.indexOf('+');
        if (plus > 0) {
            scheme = scheme.substring(0, plus);
        }
        String jdbcScheme = switch (scheme) {
            case "postgresql", "postgres" -> "postgresql";
            // the MariaDB driver speaks to MySQL servers too, so one driver serves both
            case "mysql", "mariadb" -> "mariadb";
            default -> throw new ConfigurationException(setting, "unsupported scheme '" + scheme
                    + "' (use jdbc:..., postgresql://, mysql:// or mariadb://) in " + Masking.mask(trimmed));
        };
        if (uri.getHost() == null) {
            throw new ConfigurationException(setting, "has no host: " + Masking.mask(trimmed));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() <= 1) {
            throw new ConfigurationException(setting, "names no database: " + Masking.mask(trimmed));
        }
        StringBuilder jdbc = new StringBuilder("jdbc:").append(jdbcScheme).append("://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(path);
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        String urlUser = user;
        String urlPassword = password;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            urlUser = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) {
                urlPassword = decode(info.substring(colon + 1));
            }
        }
        return new ConnectionUrl(jdbc.toString(), urlUser, urlPassword);
    }

    /** The database product this URL points at: {@code postgresql}, {@code mariadb}, {@code mysql}, {@code h2}, ... */
    public String product() {
        String rest = jdbcUrl.substring("jdbc:".length());
        int colon = rest.indexOf(':');
        return (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (user == null ? "" : user + "@") + Masking.mask(jdbcUrl);
    }
}
