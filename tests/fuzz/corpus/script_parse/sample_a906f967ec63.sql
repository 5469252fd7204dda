-- migrator:revision a906f967ec63
-- migrator:down_revision d5eaf50db3c2, ad611e434c8f
-- migrator:message merge usage_config and usage_snapshots
--
-- The merge point of the two branches.  It also links them: a snapshot
-- records the config key (the snapshot interval) it was taken under.

-- migrator:upgrade
ALTER TABLE usage_snapshots
    ADD COLUMN interval_key varchar(64) REFERENCES usage_config (key);

-- migrator:downgrade postgresql
ALTER TABLE usage_snapshots DROP COLUMN interval_key;

-- migrator:downgrade sqlite
-- SQLite cannot drop a column that a foreign key uses: rebuild the table
-- (create, copy, drop, rename), the procedure of sqlite.org/lang_altertable.
CREATE TABLE usage_snapshots_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id varchar(64) NOT NULL,
    period_start TEXT NOT NULL,  -- YYYY-MM-DD
    total_tokens bigint NOT NULL DEFAULT 0,
    total_cost_usd numeric(14, 6) NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CONSTRAINT usage_snapshots_user_period_key UNIQUE (user_id, period_start)
);
INSERT INTO usage_snapshots_new
    (id, user_id, period_start, total_tokens, total_cost_usd, created_at)
SELECT id, user_id, period_start, total_tokens, total_cost_usd, created_at
  FROM usage_snapshots;
DROP TABLE usage_snapshots;
ALTER TABLE usage_snapshots_new RENAME TO usage_snapshots;
