-- migrator:revision 1d1d1d1d1d1d
-- migrator:message create logs

-- migrator:upgrade
CREATE TABLE logs (id INTEGER PRIMARY KEY);

-- migrator:downgrade
DROP TABLE logs;
