
-- migrator:upgrade sqlite
CREATE INDEX "sessions_token_idx" ON "_sessions_tmp" (token);

