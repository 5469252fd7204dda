-- migrator:revision a
-- migrator:upgrade
CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET a = CASE WHEN 1 THEN 2 END; END;
/* a /* nested */ comment */ SELECT E'\'';
