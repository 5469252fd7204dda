# The migrator program, its man pages and its bash completion script.

# At the top of the build tree, so that ./migrator works.
bin_PROGRAMS += migrator
# Only the public header of the core: not $(AM_CPPFLAGS), which would give
# it plugins/sdk too.
migrator_CPPFLAGS = -I$(top_srcdir)/core/include -I$(top_srcdir)/%reldir%
migrator_LDADD = core/libmigrator.la
migrator_SOURCES = \
	%reldir%/main.c %reldir%/cli.h \
	%reldir%/opts.c \
	%reldir%/opts_lock.c \
	%reldir%/strs.c \
	%reldir%/config_ini.c \
	%reldir%/config_url.c \
	%reldir%/ini_parse.c %reldir%/ini_parse.h \
	%reldir%/error.c %reldir%/error.h \
	%reldir%/report.c \
	%reldir%/output.c \
	%reldir%/cmd.c %reldir%/cmd.h \
	%reldir%/cmd_upgrade.c \
	%reldir%/cmd_current.c \
	%reldir%/cmd_heads.c \
	%reldir%/cmd_history.c \
	%reldir%/cmd_show.c \
	%reldir%/cmd_stamp.c \
	%reldir%/cmd_check.c \
	%reldir%/cmd_init.c \
	%reldir%/cmd_revision.c \
	%reldir%/cmd_merge.c \
	%reldir%/cmd_lint.c \
	%reldir%/cmd_verify.c \
	%reldir%/cmd_diff.c \
	%reldir%/cmd_dump.c %reldir%/udiff.c %reldir%/udiff.h \
	%reldir%/cmd_load.c \
	%reldir%/readfile.c \
	%reldir%/cli_graph.h %reldir%/graph_set.c %reldir%/graph_layout.c \
	%reldir%/graph_draw.c %reldir%/graph_export.c \
	%reldir%/progress.c
# issue 17: import and adopt; the Alembic converter's dispatch.
migrator_SOURCES += %reldir%/cmd_import.c %reldir%/cmd_import_alembic.c
migrator_CPPFLAGS += -DMIGRATOR_PKGLIBEXECDIR='"$(pkglibexecdir)"'
# fleets (issue 18): one command over many databases or tenant schemas.
migrator_SOURCES += \
	%reldir%/fleet.h \
	%reldir%/fleet_opts.c \
	%reldir%/fleet_targets.c \
	%reldir%/config_targets.c \
	%reldir%/fleet_preload.c \
	%reldir%/fleet_run.c \
	%reldir%/fleet_child.c \
	%reldir%/fleet_lines.c \
	%reldir%/fleet_report.c

# The man pages and the bash completion script.  The script is installed
# as "migrator", the name bash-completion loads it by.
dist_man_MANS = %reldir%/migrator.1 %reldir%/migrator.ini.5
EXTRA_DIST += %reldir%/migrator.bash
install-data-local:
	$(MKDIR_P) '$(DESTDIR)$(bashcompletiondir)'
	$(INSTALL_DATA) '$(srcdir)/%reldir%/migrator.bash' \
		'$(DESTDIR)$(bashcompletiondir)/migrator'
uninstall-local:
	rm -f '$(DESTDIR)$(bashcompletiondir)/migrator'
