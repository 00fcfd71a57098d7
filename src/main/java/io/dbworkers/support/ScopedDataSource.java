package io.dbworkers.support;

import javax.sql.DataSource;

/**
 * A DataSource bean that is a view of another one, usable only within some scope (e.g. the pgq consumer's batch
 * transaction). The health and start-up checks do not probe it: the database behind it is probed through its own bean.
 */
public interface ScopedDataSource extends DataSource {
}
