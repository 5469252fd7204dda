-- migrator:revision 5e1f00000002
-- migrator:down_revision 5e1f00000001
-- migrator:message add notes.author

-- migrator:upgrade
ALTER TABLE notes ADD COLUMN author VARCHAR(50) NOT NULL DEFAULT 'app';

-- migrator:downgrade
ALTER TABLE notes DROP COLUMN author;
