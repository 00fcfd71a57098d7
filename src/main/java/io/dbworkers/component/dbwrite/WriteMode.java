package io.dbworkers.component.dbwrite;

import java.util.Locale;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Dialect;

/**
 * How rows are sent (multi-row INSERT or COPY) and what duplicates do, from the {@code mode} and {@code onConflict}
 * options. {@code mode=upsert} is {@code mode=insert&onConflict=update}.
 */
record WriteMode(boolean copy, OnConflict onConflict) {

    static final String INSERT = "insert";
    static final String COPY = "copy";
    static final String UPSERT = "upsert";

    static WriteMode of(String mode, String onConflict, Dialect dialect) {
        String m = mode == null ? INSERT : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals(INSERT) && !m.equals(COPY) && !m.equals(UPSERT)) {
            throw new ConfigurationException("mode", "'" + mode + "' is not one of insert, copy, upsert");
        }
        OnConflict conflict;
        if (onConflict == null || onConflict.isBlank()) {
            conflict = m.equals(UPSERT) ? OnConflict.UPDATE : OnConflict.FAIL;
        } else {
            try {
                conflict = OnConflict.valueOf(onConflict.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("onConflict", "'" + onConflict + "' is not one of fail, ignore,"
                        + " update");
            }
        }
        if (m.equals(UPSERT) && conflict != OnConflict.UPDATE) {
            throw new ConfigurationException("onConflict", "mode=upsert updates on conflict; for onConflict="
                    + onConflict + " use mode=insert");
        }
        if (m.equals(COPY) && dialect != Dialect.POSTGRESQL) {
            throw new ConfigurationException("mode", "copy needs PostgreSQL; use mode=insert");
        }
        if (m.equals(COPY) && conflict == OnConflict.UPDATE) {
            throw new ConfigurationException("onConflict", "mode=copy supports fail or ignore; use mode=upsert");
        }
        if (conflict != OnConflict.FAIL && dialect != Dialect.POSTGRESQL && dialect != Dialect.MARIADB) {
            throw new ConfigurationException("onConflict", onConflict + " needs PostgreSQL or MariaDB/MySQL");
        }
        return new WriteMode(m.equals(COPY), conflict);
    }
}
