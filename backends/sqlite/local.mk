# The SQLite driver: a libtool module loaded by the core with dlopen.
if WITH_SQLITE
drivers_LTLIBRARIES += %reldir%/sqlite.la
%canon_reldir%_sqlite_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) $(SQLITE3_CFLAGS)
%canon_reldir%_sqlite_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -no-undefined \
	-export-symbols-regex '^migrator_module$$'
%canon_reldir%_sqlite_la_LIBADD = $(SQLITE3_LIBS)
%canon_reldir%_sqlite_la_SOURCES = \
	%reldir%/sqlite_driver.c %reldir%/sqlite_driver.h \
	%reldir%/sqlite_error.c \
	%reldir%/sqlite_exec.c \
	%reldir%/sqlite_url.c \
	%reldir%/sqlite_txn.c \
	%reldir%/sqlite_fkcheck.c \
	%reldir%/sqlite_writes.c \
	%reldir%/sqlite_fkedges.c \
	%reldir%/sqlite_stamp.c
# statement text, online and offline (driver ABI 1.3).
%canon_reldir%_sqlite_la_SOURCES += %reldir%/sqlite_sql.c
# MIGRATOR_SQLITE_TRACE, a statement log for debugging and the tests.
%canon_reldir%_sqlite_la_SOURCES += %reldir%/sqlite_trace.c
# check and the run history (driver ABI 1.1).
%canon_reldir%_sqlite_la_SOURCES += \
	%reldir%/sqlite_introspect.c \
	%reldir%/sqlite_diff.c \
	%reldir%/sqlite_sqltext.c %reldir%/sqlite_sqltext.h \
	%reldir%/sqlite_history.c
# "-- migrator:verify" sections (driver ABI 2.1).
%canon_reldir%_sqlite_la_SOURCES += %reldir%/sqlite_verify.c
# dump: the schema as the statements that build it (driver ABI 2.2).
%canon_reldir%_sqlite_la_SOURCES += %reldir%/sqlite_dump.c
# adopt: another tool's record (driver ABI 2.4).
%canon_reldir%_sqlite_la_SOURCES += %reldir%/sqlite_foreign.c
# verify --with-data: generated rows, row counts (driver ABI 2.3).
%canon_reldir%_sqlite_la_SOURCES += %reldir%/sqlite_data.c \
	%reldir%/sqlite_data.h %reldir%/sqlite_data_model.c \
	%reldir%/sqlite_data_keys.c %reldir%/sqlite_data_value.c
endif
