package io.dbworkers.component.dbcdc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;

import static org.assertj.core.api.Assertions.assertThat;

class LogCdcChangeConverterTest {

    private static final Schema KEY = SchemaBuilder.struct().name("shop.public.orders.Key")
            .field("id", Schema.INT32_SCHEMA).build();
    private static final Schema VARIABLE_DECIMAL = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
            .optional().field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("total_amount", Decimal.builder(2).optional().build())
            .field("created_at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("paid_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
            .field("ship_date", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("ref", SchemaBuilder.string().name("io.debezium.data.Uuid").optional().build())
            .field("ratio", VARIABLE_DECIMAL)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .build();
    private static final Schema PG_SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("ts_ms", Schema.INT64_SCHEMA).field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema BINLOG_SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mysql.Source")
            .field("ts_ms", Schema.INT64_SCHEMA).field("db", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).field("file", Schema.STRING_SCHEMA)
            .field("pos", Schema.INT64_SCHEMA).build();

    private static final LocalDateTime CREATED = LocalDateTime.parse("2026-11-21T04:30:00.123456");

    @Test
    void updateCarriesKeyOldAndNewRowsWithPlainValues() {
        SourceRecord record = record(PG_SOURCE, pgSource(), "u", row("pending"), row("paid"));

        DatabaseChange change = ChangeConverter.toChange(record);

        assertThat(change.schema()).isEqualTo("public");
        assertThat(change.table()).isEqualTo("orders");
        assertThat(change.changeType()).isEqualTo(ChangeType.UPDATE);
        assertThat(change.primaryKey()).isEqualTo(Map.of("id", 1));
        assertThat(change.oldData()).containsEntry("status", "pending");
        assertThat(change.newData()).containsEntry("status", "paid")
                .containsEntry("total_amount", new BigDecimal("99.99"))
                .containsEntry("created_at", CREATED)
                .containsEntry("paid_at", OffsetDateTime.parse("2026-11-21T04:31:00Z"))
                .containsEntry("ship_date", LocalDate.parse("2026-11-23"))
                .containsEntry("ref", UUID.fromString("6f1c2b9e-1111-4a2b-9c3d-123456789abc"))
                .containsEntry("ratio", new BigDecimal("12.345"))
                .containsEntry("tags", List.of("gift", "express"));
        assertThat((byte[]) change.newData().get("blob")).containsExactly(1, 2, 3);
        assertThat(change.timestamp()).isEqualTo(Instant.parse("2026-11-21T04:31:00.500Z"));
        assertThat(change.source()).isEqualTo(new SourcePosition("pgoutput", "39814736"));
    }

    @Test
    void jsonFormKeepsDecimalsAndDateTimesReadable() {
        String json = ChangeJson.toJson(ChangeConverter.toChange(record(PG_SOURCE, pgSource(), "c", null, row("new"))));

        assertThat(json).contains("\"changeType\":\"INSERT\"", "\"total_amount\":99.99",
                "\"created_at\":\"2026-11-21T04:30:00.123456\"", "\"oldData\":null");
    }

    @Test
    void binlogDeleteHasOnlyTheOldRowAndAFilePosition() {
        Struct source = new Struct(BINLOG_SOURCE).put("ts_ms", 1_795_235_460_500L).put("db", "shop")
                .put("table", "orders").put("file", "mysql-bin.000003").put("pos", 1234L);

        DatabaseChange change = ChangeConverter.toChange(record(BINLOG_SOURCE, source, "d", row("paid"), null));

        assertThat(change.schema()).isEqualTo("shop");
        assertThat(change.changeType()).isEqualTo(ChangeType.DELETE);
        assertThat(change.newData()).isNull();
        assertThat(change.oldData()).containsEntry("status", "paid");
        assertThat(change.row()).isSameAs(change.oldData());
        assertThat(change.source()).isEqualTo(new SourcePosition("binlog", "mysql-bin.000003:1234"));
    }

    @Test
    void snapshotRowsAreReads() {
        assertThat(ChangeConverter.toChange(record(PG_SOURCE, pgSource(), "r", null, row("pending"))).changeType())
                .isEqualTo(ChangeType.READ);
    }

    @Test
    void heartbeatsTruncatesAndTombstonesAreNoChanges() {
        Schema heartbeatSchema = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        SourceRecord heartbeat = new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.shop", null, null,
                heartbeatSchema, new Struct(heartbeatSchema).put("ts_ms", 1L));
        SourceRecord tombstone = new SourceRecord(Map.of(), Map.of(), "shop.public.orders", null, KEY,
                new Struct(KEY).put("id", 1), null, null);

        assertThat(ChangeConverter.toChange(heartbeat)).isNull();
        assertThat(ChangeConverter.toChange(tombstone)).isNull();
        assertThat(ChangeConverter.toChange(record(PG_SOURCE, pgSource(), "t", null, null))).isNull();
    }

    private static Struct pgSource() {
        return new Struct(PG_SOURCE).put("ts_ms", 1_795_235_460_500L).put("schema", "public").put("table", "orders")
                .put("lsn", 39_814_736L);
    }

    private static Struct row(String status) {
        long micros = CREATED.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + CREATED.getNano() / 1_000;
        return new Struct(ROW).put("id", 1).put("status", status).put("total_amount", new BigDecimal("99.99"))
                .put("created_at", micros).put("paid_at", "2026-11-21T04:31:00Z")
                .put("ship_date", (int) LocalDate.parse("2026-11-23").toEpochDay())
                .put("ref", "6f1c2b9e-1111-4a2b-9c3d-123456789abc")
                .put("ratio", new Struct(VARIABLE_DECIMAL).put("scale", 3)
                        .put("value", BigInteger.valueOf(12345).toByteArray()))
                .put("tags", List.of("gift", "express"))
                .put("blob", java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }

    private static SourceRecord record(Schema sourceSchema, Struct source, String op, Struct before, Struct after) {
        Schema envelope = SchemaBuilder.struct().name("shop.public.orders.Envelope")
                .field("before", ROW).field("after", ROW).field("source", sourceSchema)
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct value = new Struct(envelope).put("before", before).put("after", after).put("source", source)
                .put("op", op).put("ts_ms", 1_795_235_461_000L);
        return new SourceRecord(Map.of(), Map.of(), "shop.public.orders", null, KEY, new Struct(KEY).put("id", 1),
                envelope, value);
    }
}
