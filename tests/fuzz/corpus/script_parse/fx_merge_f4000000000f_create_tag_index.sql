-- migrator:revision f4000000000f
-- migrator:down_revision f3000000000f
-- migrator:message index tags by product

-- migrator:upgrade
CREATE INDEX tags_product_idx ON tags (product_id, tag);

-- migrator:downgrade
DROP INDEX tags_product_idx;
