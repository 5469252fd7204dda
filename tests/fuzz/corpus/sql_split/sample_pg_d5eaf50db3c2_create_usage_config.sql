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

