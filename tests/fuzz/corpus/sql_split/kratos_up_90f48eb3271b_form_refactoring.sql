ALTER TABLE "selfservice_verification_flows" DROP COLUMN "messages";

-- migrator:upgrade sqlite
ALTER TABLE "_selfservice_registration_flows_tmp" RENAME TO "selfservice_registration_flows";

