-- migrator:revision e2000000000e
-- migrator:down_revision d1000000000d
-- migrator:message add price to products

-- migrator:upgrade
ALTER TABLE products ADD COLUMN price INTEGER NOT NULL DEFAULT 0;

-- migrator:downgrade
ALTER TABLE products DROP COLUMN price;
