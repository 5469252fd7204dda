-- migrator:revision 0b0000000002
-- migrator:message create orders
-- migrator:depends_on 9a0000000001

-- migrator:upgrade
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id));

-- migrator:downgrade
DROP TABLE orders;
