-- migrator:revision 5e1f00000001
-- migrator:message create notes

-- migrator:upgrade
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    body VARCHAR(200) NOT NULL
);

-- migrator:downgrade
DROP TABLE notes;
