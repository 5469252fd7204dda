
-- migrator:upgrade sqlite

