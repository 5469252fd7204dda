# The migrator program, its man pages and its bash completion script.

# At the top of the build tree, so that ./migrator works.
bin_PROGRAMS += migrator
migrator_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/%reldir% \
	-I$(top_srcdir)/core/lib # TEMPORARY (issue 13 step 5 removes it)
# It needs the detailed API, so it links the core itself, not libmigrator.so.
migrator_LDADD = core/libmigrator-internal.la
migrator_SOURCES = \
	%reldir%/main.c %reldir%/cli.h %reldir%/internal.h \
	%reldir%/opts.c \
	%reldir%/strs.c \
	%reldir%/config_ini.c \
	%reldir%/config_url.c \
	%reldir%/ini_parse.c %reldir%/ini_parse.h \
	%reldir%/exit.c \
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
	%reldir%/cmd_lint.c
# TEMPORARY (issue 13, until step 5 links libmigrator.la): the facade,
# compiled in, so that the program can move onto it command by command.
migrator_SOURCES += \
	core/lib/api.c core/lib/api_int.h \
	core/lib/api_revlist.c \
	core/lib/api_run.c \
	core/lib/api_graph.c \
	core/lib/api_check.c \
	core/lib/api_ops.c \
	core/lib/api_plan.c \
	core/lib/api_author.c

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
