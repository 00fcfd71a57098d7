package io.dbworkers.processor;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;
import io.dbworkers.deadletter.ValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ECommerceProcessorTest {

    private final ECommerceProcessor processor = new ECommerceProcessor();

    @Test
    void statusChangeWithOldValuesPrintsLikeTheSeed() {
        DatabaseChange change = change("orders", ChangeType.UPDATE,
                Map.of("id", 1, "customer_email", "customer@example.com", "status", "paid"),
                Map.of("id", 1, "customer_email", "customer@example.com", "status", "pending"));
        assertThat(ResultFormat.format(processor.process(change)))
                .isEqualTo("{'action': 'status_change', 'order_id': 1, 'old_status': 'pending', 'new_status': 'paid'}");
    }

    @Test
    void inventoryUpdateReportsStocks() {
        DatabaseChange change = change("inventory", ChangeType.UPDATE,
                Map.of("product_id", 1, "stock_quantity", 3, "low_stock_threshold", 5),
                Map.of("product_id", 1, "stock_quantity", 100, "low_stock_threshold", 5));
        assertThat(ResultFormat.format(processor.process(change)))
                .isEqualTo("{'action': 'inventory_updated', 'product_id': 1, 'old_stock': 100, 'new_stock': 3}");
    }

    @Test
    void invalidEmailIsAValidationError() {
        DatabaseChange change = change("orders", ChangeType.INSERT,
                Map.of("id", 7, "customer_email", "not-an-email", "status", "pending"), null);
        assertThatThrownBy(() -> processor.process(change)).isInstanceOf(ValidationException.class)
                .hasMessage("order 7 has an invalid customer_email 'not-an-email'");
    }

    private static DatabaseChange change(String table, ChangeType type, Map<String, Object> newData,
            Map<String, Object> oldData) {
        return new DatabaseChange("public", table, type, Map.of("id", 1), newData, oldData, Instant.EPOCH,
                new SourcePosition("test", "1"));
    }
}
