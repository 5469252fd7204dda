# Fuzz targets (issue 5).  With --enable-fuzzing (CC=clang) each target is
# a libFuzzer program, tests/fuzz/fuzz_NAME, run by tests/fuzz/run.sh.  In
# every build, tests/fuzz/replay_NAME links the same target to replay.c and
# make check runs it over the seed corpus tests/fuzz/corpus/NAME, which
# keeps every input that once crashed.
fuzz_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/core/lib
fuzz_ldadd = core/libmigrator-internal.la

if ENABLE_FUZZING
noinst_PROGRAMS = \
	%reldir%/fuzz_script_parse %reldir%/fuzz_sql_split \
	%reldir%/fuzz_target %reldir%/fuzz_graph %reldir%/fuzz_url \
	%reldir%/fuzz_ini
endif
%canon_reldir%_fuzz_script_parse_SOURCES = %reldir%/fuzz_script_parse.c %reldir%/fuzz.h
%canon_reldir%_fuzz_script_parse_CPPFLAGS = $(fuzz_cppflags)
%canon_reldir%_fuzz_script_parse_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
%canon_reldir%_fuzz_script_parse_LDADD = $(fuzz_ldadd)
%canon_reldir%_fuzz_sql_split_SOURCES = %reldir%/fuzz_sql_split.c %reldir%/fuzz.h
%canon_reldir%_fuzz_sql_split_CPPFLAGS = $(fuzz_cppflags)
%canon_reldir%_fuzz_sql_split_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
%canon_reldir%_fuzz_sql_split_LDADD = $(fuzz_ldadd)
%canon_reldir%_fuzz_target_SOURCES = %reldir%/fuzz_target.c %reldir%/fuzz.h
%canon_reldir%_fuzz_target_CPPFLAGS = $(fuzz_cppflags)
%canon_reldir%_fuzz_target_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
%canon_reldir%_fuzz_target_LDADD = $(fuzz_ldadd)
%canon_reldir%_fuzz_graph_SOURCES = %reldir%/fuzz_graph.c %reldir%/fuzz.h
%canon_reldir%_fuzz_graph_CPPFLAGS = $(fuzz_cppflags)
%canon_reldir%_fuzz_graph_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
%canon_reldir%_fuzz_graph_LDADD = $(fuzz_ldadd)
%canon_reldir%_fuzz_url_SOURCES = %reldir%/fuzz_url.c %reldir%/fuzz.h
%canon_reldir%_fuzz_url_CPPFLAGS = $(fuzz_cppflags)
%canon_reldir%_fuzz_url_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
%canon_reldir%_fuzz_url_LDADD = $(fuzz_ldadd)
# The config parser lives in the program's sources, not the library.
%canon_reldir%_fuzz_ini_SOURCES = %reldir%/fuzz_ini.c %reldir%/fuzz.h \
	core/cli/ini_parse.c core/cli/ini_parse.h \
	core/cli/error.c core/cli/error.h
%canon_reldir%_fuzz_ini_CPPFLAGS = $(fuzz_cppflags) -I$(top_srcdir)/core/cli
%canon_reldir%_fuzz_ini_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
%canon_reldir%_fuzz_ini_LDADD = $(fuzz_ldadd)

# The replays: TAP, one test per corpus file (found through TOP_SRCDIR).
check_PROGRAMS += \
	%reldir%/replay_script_parse %reldir%/replay_sql_split \
	%reldir%/replay_target %reldir%/replay_graph %reldir%/replay_url \
	%reldir%/replay_ini
TESTS += \
	%reldir%/replay_script_parse %reldir%/replay_sql_split \
	%reldir%/replay_target %reldir%/replay_graph %reldir%/replay_url \
	%reldir%/replay_ini
%canon_reldir%_replay_script_parse_SOURCES = %reldir%/fuzz_script_parse.c %reldir%/replay.c %reldir%/fuzz.h
%canon_reldir%_replay_script_parse_CPPFLAGS = $(fuzz_cppflags) -DFUZZ_NAME='"script_parse"'
%canon_reldir%_replay_script_parse_LDADD = $(fuzz_ldadd)
%canon_reldir%_replay_sql_split_SOURCES = %reldir%/fuzz_sql_split.c %reldir%/replay.c %reldir%/fuzz.h
%canon_reldir%_replay_sql_split_CPPFLAGS = $(fuzz_cppflags) -DFUZZ_NAME='"sql_split"'
%canon_reldir%_replay_sql_split_LDADD = $(fuzz_ldadd)
%canon_reldir%_replay_target_SOURCES = %reldir%/fuzz_target.c %reldir%/replay.c %reldir%/fuzz.h
%canon_reldir%_replay_target_CPPFLAGS = $(fuzz_cppflags) -DFUZZ_NAME='"target"'
%canon_reldir%_replay_target_LDADD = $(fuzz_ldadd)
%canon_reldir%_replay_graph_SOURCES = %reldir%/fuzz_graph.c %reldir%/replay.c %reldir%/fuzz.h
%canon_reldir%_replay_graph_CPPFLAGS = $(fuzz_cppflags) -DFUZZ_NAME='"graph"'
%canon_reldir%_replay_graph_LDADD = $(fuzz_ldadd)
%canon_reldir%_replay_url_SOURCES = %reldir%/fuzz_url.c %reldir%/replay.c %reldir%/fuzz.h
%canon_reldir%_replay_url_CPPFLAGS = $(fuzz_cppflags) -DFUZZ_NAME='"url"'
%canon_reldir%_replay_url_LDADD = $(fuzz_ldadd)
%canon_reldir%_replay_ini_SOURCES = %reldir%/fuzz_ini.c %reldir%/replay.c %reldir%/fuzz.h \
	core/cli/ini_parse.c core/cli/ini_parse.h \
	core/cli/error.c core/cli/error.h
%canon_reldir%_replay_ini_CPPFLAGS = $(fuzz_cppflags) -I$(top_srcdir)/core/cli -DFUZZ_NAME='"ini"'
%canon_reldir%_replay_ini_LDADD = $(fuzz_ldadd)

# The corpora are directories of small files, distributed whole.
EXTRA_DIST += %reldir%/run.sh %reldir%/corpus
