ALTER TABLE "sessions" ADD COLUMN "token" VARCHAR (32);

-- migrator:upgrade sqlite
ALTER TABLE "sessions" ADD COLUMN "token" TEXT;

