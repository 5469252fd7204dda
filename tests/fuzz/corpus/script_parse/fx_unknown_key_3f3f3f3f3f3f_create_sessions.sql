-- migrator:revision 3f3f3f3f3f3f
-- migrator:message create sessions
-- migrator:down_revison 1d1d1d1d1d1d

-- migrator:upgrade
CREATE TABLE sessions (id INTEGER PRIMARY KEY, token TEXT NOT NULL);

-- migrator:downgrade
DROP TABLE sessions;
