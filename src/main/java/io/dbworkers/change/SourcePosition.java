package io.dbworkers.change;

import java.util.Objects;

/**
 * Where a change was read from, after Debezium's {@code SourceInfo}: the capture mode ({@code poll}, {@code pgoutput},
 * {@code binlog}, {@code pgq}) and an opaque, mode-specific position (a polling cursor, an LSN, a binlog file and
 * offset, a PgQ batch and event id). Positions compare equal only within one mode.
 *
 * @param mode     the capture mode that produced the change, never null
 * @param position the mode-specific position, never null
 */
public record SourcePosition(String mode, String position) {

    public SourcePosition {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(position, "position");
    }
}
