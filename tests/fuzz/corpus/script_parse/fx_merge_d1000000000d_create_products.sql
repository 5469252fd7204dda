-- migrator:revision d1000000000d
-- migrator:message create products

-- migrator:upgrade
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL);

-- migrator:downgrade
DROP TABLE products;
