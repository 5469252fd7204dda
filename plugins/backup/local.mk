# The backup hook plugin (issue 7): an online copy of a SQLite database
# file before a run changes it.  A plugin, not core: it links SQLite.
if WITH_SQLITE
hooks_LTLIBRARIES += %reldir%/backup.la
%canon_reldir%_backup_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) $(SQLITE3_CFLAGS)
%canon_reldir%_backup_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version \
	-no-undefined -export-symbols-regex '^migrator_module$$'
%canon_reldir%_backup_la_LIBADD = $(SQLITE3_LIBS)
%canon_reldir%_backup_la_SOURCES = \
	%reldir%/backup.h \
	%reldir%/backup_plugin.c \
	%reldir%/backup_url.c \
	%reldir%/backup_copy.c
endif
