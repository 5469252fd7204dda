
-- migrator:upgrade sqlite
CREATE INDEX "sessions_nid_idx" ON "_sessions_tmp" (id, nid);

