package io.dbworkers.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * The demo's shop: on every tick it places an order (now and then one with an invalid e-mail), moves an older order
 * one status further, and takes the ordered stock off the inventory, so the change routes have something to do.
 */
public class DemoTraffic {

    private static final String[] NEXT_STATUS = {"pending", "paid", "shipped", "delivered"};

    private final DataSource dataSource;
    private final AtomicLong ticks = new AtomicLong();

    public DemoTraffic(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void tick() throws SQLException {
        long tick = ticks.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            advanceAnOrder(c);
            String email = tick % 5 == 3 ? "customer" + tick + "-at-example.com" : "customer" + tick + "@example.com";
            int product = random.nextInt(1, 4);
            int quantity = random.nextInt(1, 4);
            long orderId;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO orders (customer_email, total_amount) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, email);
                ps.setBigDecimal(2, java.math.BigDecimal.valueOf(quantity * 4999L, 2));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    orderId = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO order_items (order_id, product_id, quantity, price) VALUES (?, ?, ?, 49.99)")) {
                ps.setLong(1, orderId);
                ps.setInt(2, product);
                ps.setInt(3, quantity);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE inventory SET stock_quantity = CASE"
                    + " WHEN stock_quantity - ? < 0 THEN 100 ELSE stock_quantity - ? END,"
                    + " updated_at = CURRENT_TIMESTAMP WHERE product_id = ?")) {
                ps.setInt(1, quantity * 5);
                ps.setInt(2, quantity * 5);
                ps.setInt(3, product);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    private static void advanceAnOrder(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status FROM orders WHERE status <> 'delivered'"
                + " AND customer_email LIKE '%@%' ORDER BY id FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            long id = rs.getLong(1);
            String status = rs.getString(2);
            String next = "delivered";
            for (int i = 0; i < NEXT_STATUS.length - 1; i++) {
                if (NEXT_STATUS[i].equals(status)) {
                    next = NEXT_STATUS[i + 1];
                }
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE orders SET status = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?")) {
                update.setString(1, next);
                update.setLong(2, id);
                update.executeUpdate();
            }
        }
    }
}
