-- Someone forgot the migrator header in this file.
CREATE TABLE log_levels (name TEXT PRIMARY KEY);
