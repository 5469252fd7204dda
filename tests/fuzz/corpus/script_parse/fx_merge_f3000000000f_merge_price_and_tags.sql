-- migrator:revision f3000000000f
-- migrator:down_revision e2000000000e, f2000000000f
-- migrator:message merge price and tags

-- migrator:upgrade


-- migrator:downgrade

