package io.dbworkers.processor;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.deadletter.ValidationException;

/**
 * The e-commerce processor of the seed {@code 001}: order confirmation, inventory reserve/release, order status
 * transitions and low-stock alerts, for changes to {@code orders}, {@code order_items} and {@code inventory}. It works
 * the same whichever capture mode feeds it; {@code old_status}/{@code old_stock} are known only where the source gives
 * old values (log-based capture), and are None with polling.
 * <p>
 * An order whose {@code customer_email} has no {@code @} is rejected with a {@link ValidationException}: it goes to
 * the dead-letter target without redeliveries.
 */
public class ECommerceProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ECommerceProcessor.class);

    /** Processes one change, logs {@code Processed UPDATE on orders: {...}} and returns the result. */
    public Map<String, Object> process(DatabaseChange change) {
        Map<String, Object> result = switch (change.table()) {
            case "orders" -> order(change);
            case "order_items" -> orderItem(change);
            case "inventory" -> inventory(change);
            default -> Map.of("processed", false, "reason", "Unknown table");
        };
        if (result != null) {
            LOG.info("Processed {} on {}: {}", change.changeType(), change.table(), ResultFormat.format(result));
        }
        return result;
    }

    /** Processes one change and returns its {@link ChangeLog} row, for routes that bulk-write a change log. */
    public Map<String, Object> processAndLog(DatabaseChange change) {
        return ChangeLog.entry(change, process(change));
    }

    private Map<String, Object> order(DatabaseChange change) {
        if (change.changeType() == ChangeType.DELETE) {
            Map<String, Object> order = change.oldData() != null ? change.oldData() : change.primaryKey();
            LOG.info("Order deleted: {}", order.get("id"));
            LOG.info("Releasing inventory for order {}", order.get("id"));
            return result("action", "order_deleted", "order_id", order.get("id"));
        }
        Map<String, Object> order = change.newData();
        Object email = order.get("customer_email");
        if (email == null || !email.toString().contains("@")) {
            throw new ValidationException("order " + order.get("id") + " has an invalid customer_email '" + email
                    + "'");
        }
        if (change.changeType() == ChangeType.INSERT || change.changeType() == ChangeType.READ) {
            LOG.info("New order created: {}", order.get("id"));
            LOG.info("Sending confirmation email to {}", email);
            LOG.info("Reserving inventory for order {}", order.get("id"));
            return result("action", "new_order_processed", "order_id", order.get("id"),
                    "customer_email", email, "total_amount", order.get("total_amount"));
        }
        Object oldStatus = change.oldData() == null ? null : change.oldData().get("status");
        Object newStatus = order.get("status");
        if (oldStatus == null || !oldStatus.equals(newStatus)) {
            LOG.info("Order {} status: {} → {}", order.get("id"), oldStatus, newStatus);
            statusChanged(order, String.valueOf(newStatus));
        }
        return result("action", "status_change", "order_id", order.get("id"), "old_status", oldStatus,
                "new_status", newStatus);
    }

    private void statusChanged(Map<String, Object> order, String newStatus) {
        switch (newStatus) {
            case "paid" -> LOG.info("Payment received for order {}", order.get("id"));
            case "shipped" -> LOG.info("Order {} shipped", order.get("id"));
            case "delivered" -> LOG.info("Order {} delivered", order.get("id"));
            case "cancelled" -> LOG.info("Order {} cancelled", order.get("id"));
            default -> {
                // no handler for other statuses, as in the seed
            }
        }
    }

    private Map<String, Object> orderItem(DatabaseChange change) {
        if (change.changeType() != ChangeType.INSERT && change.changeType() != ChangeType.READ) {
            return null;
        }
        Map<String, Object> item = change.newData();
        LOG.debug("Analytics: Product {}, ordered, qty: {}", item.get("product_id"), item.get("quantity"));
        return result("action", "item_added", "order_id", item.get("order_id"), "product_id", item.get("product_id"),
                "quantity", item.get("quantity"));
    }

    private Map<String, Object> inventory(DatabaseChange change) {
        if (change.changeType() != ChangeType.UPDATE) {
            return null;
        }
        Map<String, Object> row = change.newData();
        Object oldStock = change.oldData() == null ? null : change.oldData().getOrDefault("stock_quantity", 0);
        Object newStock = row.getOrDefault("stock_quantity", 0);
        Object threshold = row.get("low_stock_threshold");
        int limit = threshold instanceof Number n ? n.intValue() : 5;
        if (newStock instanceof Number n && n.intValue() <= limit) {
            LOG.warn("Low stock alert: Product {}, Stock: {}", row.get("product_id"), newStock);
        }
        return result("action", "inventory_updated", "product_id", row.get("product_id"), "old_stock", oldStock,
                "new_stock", newStock);
    }

    private static Map<String, Object> result(Object... keyValues) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            result.put((String) keyValues[i], keyValues[i + 1]);
        }
        return result;
    }
}
