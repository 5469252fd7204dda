CREATE INDEX "sessions_logout_token_idx" ON "sessions" (logout_token);

-- migrator:upgrade sqlite
DROP INDEX IF EXISTS "sessions_token_idx";

