-- migrator:revision 9c9c9c9c9c9c
-- migrator:down_revision 9c9c9c9c9c9c
-- migrator:message create jobs

-- migrator:upgrade
CREATE TABLE jobs (id INTEGER PRIMARY KEY);

-- migrator:downgrade
DROP TABLE jobs;
