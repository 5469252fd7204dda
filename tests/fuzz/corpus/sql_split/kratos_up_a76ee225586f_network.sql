CREATE INDEX "selfservice_recovery_flows_nid_idx" ON "selfservice_recovery_flows" (id, nid);

-- migrator:upgrade sqlite
CREATE INDEX "courier_messages_status_idx" ON "_courier_messages_tmp" (status);

