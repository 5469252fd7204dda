-- migrator:revision d5eaf50db3c2
-- migrator:down_revision 111c6a8bb173
-- migrator:message create usage_config
-- migrator:branch_labels config
--
-- Key/value settings for the usage pipeline, seeded with defaults, with a
-- trigger that keeps updated_at current.  One of two branches that start
-- at 111c6a8bb173; a906f967ec63 merges them.

-- migrator:upgrade postgresql
CREATE TABLE usage_config (
    key varchar(64) PRIMARY KEY,
    value text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO usage_config (key, value) VALUES
    ('retention_days', '90'),
    ('snapshot_interval', 'daily');
CREATE FUNCTION usage_config_touch() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    NEW.updated_at := now();  -- a ';' inside the body
    RETURN NEW;
END;
$body$;
CREATE TRIGGER usage_config_touch BEFORE UPDATE ON usage_config
    FOR EACH ROW EXECUTE FUNCTION usage_config_touch();

-- migrator:upgrade sqlite
CREATE TABLE usage_config (
    key varchar(64) PRIMARY KEY,
    value text NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO usage_config (key, value) VALUES
    ('retention_days', '90'),
    ('snapshot_interval', 'daily');
CREATE TRIGGER usage_config_touch AFTER UPDATE OF value ON usage_config
BEGIN
    UPDATE usage_config
       SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE key = NEW.key;
END;

-- migrator:downgrade postgresql
DROP TRIGGER usage_config_touch ON usage_config;
DROP FUNCTION usage_config_touch();
DROP TABLE usage_config;

-- migrator:downgrade sqlite
DROP TRIGGER usage_config_touch;
DROP TABLE usage_config;
