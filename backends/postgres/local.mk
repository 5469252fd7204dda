# The PostgreSQL driver: a libtool module loaded by the core with dlopen.
if WITH_POSTGRESQL
drivers_LTLIBRARIES += %reldir%/postgres.la
%canon_reldir%_postgres_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) $(LIBPQ_CFLAGS)
%canon_reldir%_postgres_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -no-undefined \
	-export-symbols-regex '^migrator_module$$'
%canon_reldir%_postgres_la_LIBADD = $(LIBPQ_LIBS) $(DL_LIBS)
%canon_reldir%_postgres_la_SOURCES = \
	%reldir%/pg_internal.h \
	%reldir%/pg_driver.c \
	%reldir%/pg_exec.c \
	%reldir%/pg_error.c \
	%reldir%/pg_timeout.c \
	%reldir%/pg_lock.c \
	%reldir%/pg_stamp.c \
	%reldir%/pg_pipe.c \
	%reldir%/pg_list.c
# statement text, online and offline (driver ABI 1.3).
%canon_reldir%_postgres_la_SOURCES += %reldir%/pg_sql.c
# check and the run history (driver ABI 1.1).
%canon_reldir%_postgres_la_SOURCES += \
	%reldir%/pg_introspect.c \
	%reldir%/pg_history.c
# check and verify: views, triggers, sequences, functions, types (host
# ABI 2.3).
%canon_reldir%_postgres_la_SOURCES += %reldir%/pg_introspect_objects.c
# diff (issue 15): a change's statements.
%canon_reldir%_postgres_la_SOURCES += %reldir%/pg_diff.c
# scratch databases: create, drop, cancel, sweep (driver ABI 1.1, 1.2).
%canon_reldir%_postgres_la_SOURCES += %reldir%/pg_scratch.c
# "-- migrator:verify" sections (driver ABI 2.1).
%canon_reldir%_postgres_la_SOURCES += %reldir%/pg_verify.c
# adopt: another tool's record (driver ABI 2.4).
%canon_reldir%_postgres_la_SOURCES += %reldir%/pg_foreign.c
# dump: the schema as the statements that build it (driver ABI 2.2).
%canon_reldir%_postgres_la_SOURCES += \
	%reldir%/pg_dump.c \
	%reldir%/pg_dump_sort.c
# connection poolers; invalid indexes a failed CONCURRENTLY left (ABI 2.3).
%canon_reldir%_postgres_la_SOURCES += \
	%reldir%/pg_pooler.c \
	%reldir%/pg_invalid.c
# lock timeouts, and who blocks a statement (driver ABI 2.3).
%canon_reldir%_postgres_la_SOURCES += %reldir%/pg_lockwait.c
# fleets: tenant schemas (driver ABI 2.4).
%canon_reldir%_postgres_la_SOURCES += %reldir%/pg_schemas.c
# verify --with-data: generated rows, row counts (driver ABI 2.3).
%canon_reldir%_postgres_la_SOURCES += \
	%reldir%/pg_data.c %reldir%/pg_data.h \
	%reldir%/pg_data_model.c \
	%reldir%/pg_data_keys.c \
	%reldir%/pg_data_value.c
endif
