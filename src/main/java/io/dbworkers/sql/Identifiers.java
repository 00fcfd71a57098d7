package io.dbworkers.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

import io.dbworkers.config.ConfigurationException;

/**
 * How one database spells identifiers, read from its metadata: its quote character and what it does to a name written
 * without quotes. Every name reaches SQL through {@link #quote}. Names that db-workers chooses or that are configured
 * for tables it creates (dead_letters, the offset table) go through {@link #quotePlain}, which first spells them as the
 * database stores an unquoted name: the quoted name is then the same table an operator reaches by typing it plainly,
 * and the one that earlier, unquoted versions created.
 */
public final class Identifiers {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    private static final String PLAIN_RULE = "letters, digits, '_' or '$', not starting with a digit, at most 63";

    /** What the database does to an unquoted name. */
    enum Folding { UPPER, LOWER, NONE }

    private final Dialect dialect;
    private final String quote;
    private final Folding folding;

    Identifiers(Dialect dialect, String quote, Folding folding) {
        this.dialect = dialect;
        this.quote = quote;
        this.folding = folding;
    }

    public static Identifiers of(Connection connection) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String quote = md.getIdentifierQuoteString();
        // a blank quote string means "not supported"; the SQL standard's double quote is safer than none
        quote = quote == null || quote.isBlank() ? "\"" : quote.trim();
        Folding folding = md.storesUpperCaseIdentifiers() ? Folding.UPPER
                : md.storesLowerCaseIdentifiers() ? Folding.LOWER : Folding.NONE;
        return new Identifiers(Dialect.of(md), quote, folding);
    }

    /**
     * Refuses a configured name that is not a plain identifier, so that it means the same on every database and in
     * every tool. The message names the setting.
     */
    public static void requirePlain(String setting, String value) {
        if (value == null || !PLAIN.matcher(value).matches()) {
            throw new ConfigurationException(setting, "'" + value + "' is not a plain identifier (" + PLAIN_RULE
                    + ")");
        }
    }

    /** As {@link #requirePlain}, allowing one {@code schema.} in front. */
    public static void requirePlainQualified(String setting, String value) {
        int dot = value == null ? -1 : value.indexOf('.');
        if (value == null || !PLAIN.matcher(dot < 0 ? value : value.substring(dot + 1)).matches()
                || dot >= 0 && !PLAIN.matcher(value.substring(0, dot)).matches()) {
            throw new ConfigurationException(setting, "'" + value + "' is not a plain identifier (" + PLAIN_RULE
                    + ", optionally after schema.)");
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The identifier exactly as given, quoted; a quote character inside it is doubled. */
    public String quote(String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** Schema (may be null) and name, each quoted. */
    public String quote(String schema, String name) {
        return (schema == null ? "" : quote(schema) + ".") + quote(name);
    }

    /**
     * A name checked by {@link #requirePlainQualified} (or a constant), spelt as the database stores it unquoted and
     * then quoted: {@code dead_letters} is {@code "DEAD_LETTERS"} on H2, {@code "dead_letters"} on PostgreSQL.
     */
    public String quotePlain(String plainName) {
        int dot = plainName.indexOf('.');
        return dot < 0 ? quote(folded(plainName))
                : quote(folded(plainName.substring(0, dot)), folded(plainName.substring(dot + 1)));
    }

    /** The name as the database stores it when written without quotes. */
    public String folded(String name) {
        return switch (folding) {
            case UPPER -> name.toUpperCase(Locale.ROOT);
            case LOWER -> name.toLowerCase(Locale.ROOT);
            case NONE -> name;
        };
    }

    /**
     * The name to show to users and in change records: lower case for a name that a database which folds to upper
     * case (H2) stores in upper case, so that {@code orders} is reported as {@code orders} on every database.
     */
    public String reported(String storedName) {
        return folding == Folding.UPPER && storedName.equals(storedName.toUpperCase(Locale.ROOT))
                ? storedName.toLowerCase(Locale.ROOT) : storedName;
    }
}
