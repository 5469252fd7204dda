-- migrator:revision a
-- migrator:upgrade
SELECT 1;
-- migrator:revision b
