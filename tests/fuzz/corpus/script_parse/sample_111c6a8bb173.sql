-- migrator:revision 111c6a8bb173
-- migrator:down_revision 2ead98d98913
-- migrator:message add slack_webhook to budget_alerts
--
-- Alerts may go to a Slack incoming webhook as well as by mail.  The same
-- SQL works on both databases (SQLite has had DROP COLUMN since 3.35).

-- migrator:upgrade
ALTER TABLE budget_alerts ADD COLUMN slack_webhook varchar(200);

-- migrator:downgrade
ALTER TABLE budget_alerts DROP COLUMN slack_webhook;
