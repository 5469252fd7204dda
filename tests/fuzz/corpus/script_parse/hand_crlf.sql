-- migrator:revision c1c1c1c1c1c1
-- migrator:down_revision a1, b2
-- migrator:depends_on x9

-- migrator:upgrade
SELECT 1;
-- migrator:downgrade
