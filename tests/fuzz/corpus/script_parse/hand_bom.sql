-- migrator:revision b0b0b0b0b0b0
-- migrator:message with a BOM

-- migrator:upgrade
CREATE TABLE t (a int);
-- migrator:downgrade
DROP TABLE t;
