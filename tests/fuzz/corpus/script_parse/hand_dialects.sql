-- migrator:revision t1
-- migrator:transactional false
-- migrator:upgrade postgresql
CREATE INDEX CONCURRENTLY i ON t (a);
-- migrator:upgrade sqlite
CREATE INDEX i ON t (a);
-- migrator:downgrade postgres
DROP INDEX CONCURRENTLY i;
-- migrator:downgrade
DROP INDEX i;
