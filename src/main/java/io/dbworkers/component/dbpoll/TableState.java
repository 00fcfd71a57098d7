package io.dbworkers.component.dbpoll;

/** One table a {@link DbPollConsumer} polls and where it stands. Only the polling thread touches it. */
final class TableState {

    final PolledTable table;
    final Watermark watermark;
    final String offsetKey;
    Cursor cursor;

    TableState(PolledTable table, Watermark watermark, String offsetKey, Cursor cursor) {
        this.table = table;
        this.watermark = watermark;
        this.offsetKey = offsetKey;
        this.cursor = cursor;
    }
}
