-- migrator:revision 9a0000000001
-- migrator:message create customers

-- migrator:upgrade
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL);

-- migrator:downgrade
DROP TABLE customers;
