package io.dbworkers.publish;

import io.dbworkers.change.DatabaseChange;

/**
 * One change ready to be published: its routing key and its JSON.
 *
 * @param change     the change
 * @param routingKey {@code schema.table.operation}, lower case
 * @param json       the change as {@link io.dbworkers.change.ChangeJson}, UTF-8
 */
public record ChangeMessage(DatabaseChange change, String routingKey, byte[] json) {
}
