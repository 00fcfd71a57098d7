-- The e-commerce schema of the seed 001, for the embedded demo database. order_items gets a created_at column:
-- polling needs a timestamp on every table it watches (log-based capture does not).
CREATE TABLE IF NOT EXISTS orders (
    id SERIAL PRIMARY KEY,
    customer_email VARCHAR(255) NOT NULL,
    status VARCHAR(50) DEFAULT 'pending',
    total_amount DECIMAL(10,2),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS order_items (
    id SERIAL PRIMARY KEY,
    order_id INTEGER REFERENCES orders(id),
    product_id INTEGER NOT NULL,
    quantity INTEGER NOT NULL,
    price DECIMAL(10,2),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS inventory (
    product_id INTEGER PRIMARY KEY,
    stock_quantity INTEGER NOT NULL DEFAULT 0,
    low_stock_threshold INTEGER DEFAULT 5,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO inventory (product_id, stock_quantity)
    SELECT p, q FROM (VALUES (1, 100), (2, 50), (3, 25)) AS v(p, q)
    WHERE NOT EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = v.p);

-- the bulk step of the demo's split/aggregate route writes here
CREATE TABLE IF NOT EXISTS change_log (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    table_name VARCHAR(100) NOT NULL,
    change_type VARCHAR(10) NOT NULL,
    change_key VARCHAR(255) NOT NULL,
    result VARCHAR(2000),
    logged_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
