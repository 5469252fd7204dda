-- migrator:revision a
-- migrator:upgrade
SELECT $$;
