-- migrator:revision f2000000000f
-- migrator:down_revision d1000000000d
-- migrator:message create tags

-- migrator:upgrade
CREATE TABLE tags (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products (id), tag TEXT NOT NULL);

-- migrator:downgrade
DROP TABLE tags;
