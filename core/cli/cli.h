/*
 * cli.h - what the files of the migrator program share.
 *
 * The program is built on the public API alone, as SQLite's shell is on
 * sqlite3.h: it links libmigrator.so and includes no header of the core
 * but <migrator/migrator.h> (tests/arch/cli_public_api.sh checks both).
 */
#ifndef CLI_H
#define CLI_H

#include <stdio.h>

#include <migrator/migrator.h>

#include "error.h"

/* strs.c: a list of malloc'd strings; {NULL, 0} is empty. */
struct cli_strs {
	char **v;
	size_t n;
};
#define CLI_STRS_INIT {NULL, 0}
/* Appends a copy of p[0..len) (cli_strs_push: of p); 0 or
 * MIGRATOR_ENOMEM. */
int cli_strs_add(struct cli_strs *s, const char *p, size_t len);
int cli_strs_push(struct cli_strs *s, const char *p);
void cli_strs_free(struct cli_strs *s);

/* fleets (issue 18): one database (or tenant schema) a fleet run
 * migrates.  Strings malloc'd; version_table and schema NULL: the
 * settings'. */
struct cli_target {
	char *name, *url, *version_table, *schema;
};
struct cli_targets {
	struct cli_target *v;
	size_t n;
};
/* config_targets.c: appends a target (copies of the strings, each may
 * be NULL); 0 or MIGRATOR_ENOMEM.  The index of the target named name,
 * or -1. */
int cli_targets_add(struct cli_targets *t, const char *name,
		    const char *url, const char *version_table,
		    const char *schema);
long cli_targets_find(const struct cli_targets *t, const char *name);
void cli_targets_free(struct cli_targets *t);
/* A key of a [target NAME] section of file (url, version_table, schema);
 * a relative SQLite path in url is relative to the file's directory. */
int cli_ini_target(struct cli_targets *t, const char *file,
		   const char *name, const char *key, const char *value,
		   unsigned line, struct cli_err *d);
/* Every [target NAME] of file has a url; else MIGRATOR_ECONFIG. */
int cli_ini_targets_done(const struct cli_targets *t, const char *file,
			 struct cli_err *d);

/* Settings after command line, environment and config file are merged
 * (opts.c, config_ini.c).  Strings are malloc'd. */
struct cli_settings {
	char *url;
	char *migrations;
	char *version_table;
	char *plugin_dir;
	char *config; /* the config file read, or NULL */
	unsigned lock_timeout_ms;
	unsigned connect_timeout_ms; /* 0: the driver's default */
	/* hook plugins: "NAME" or "NAME:k=v,..." (plugins = in the file,
	 * then each --plugin), and "NAME.k=v" from [plugin.NAME] sections */
	struct cli_strs plugins, plugin_options;
	char *schema_file; /* --schema-file, schema_file =; or NULL */
	/* lock timeouts: --ddl-lock-timeout, --lock-retries (or the
	 * config's ddl_lock_timeout, lock_retries; else the defaults) */
	unsigned ddl_lock_timeout_ms, lock_retries;
	/* fleets: the config file's [target NAME] sections, and the schema
	 * a fleet's child works in (open option schema; NULL: none) */
	struct cli_targets targets;
	char *schema;
	/* diff: the config file's [dialect.NAME] url, each "NAME=URL" */
	struct cli_strs dialect_urls;
};

/* Options of the command itself (after the command name). */
struct cli_args {
	int sql, dry_run, purge, json;
	int strict; /* --strict: an edited applied file is an error; hook
		     * plugins' warnings are fatal */
	const char *dialect; /* lint --dialect */
	const char *range;   /* history -r A:B */
	int indicate_current; /* history -i: mark the stamped revisions */
	int verify;           /* upgrade --verify: run the verify sections */
	int allow_branches;   /* verify --allow-branches */
	/* verify --with-data [--seed N] (--seed implies --with-data) */
	int with_data, seeded;
	unsigned long long seed;
	/* revision, merge: -m, --head, --branch-label, --depends-on */
	const char *message, *head, *branch_label, *depends_on;
	/* dump: -o FILE, --check */
	const char *output;
	int check;
	struct cli_strs pos; /* positional arguments */
	/* issue 20: history --graph; history --format dot|mermaid */
	int graph;
	enum { CLI_FMT_TEXT, CLI_FMT_DOT, CLI_FMT_MERMAID } export_fmt;
	/* issue 17: import and adopt --from FORMAT; import --dialects
	 * (alembic); import's -m is the migrations directory (message) */
	const char *from, *dialects;
	const char *table; /* adopt --table: the other tool's table */
	/* fleets (issue 18): --target NAME..., --all-targets,
	 * --targets-file FILE, --schemas PATTERN, -j N, --fail-fast,
	 * --canary N */
	struct cli_strs targets;
	int all_targets, fail_fast;
	const char *targets_file, *schemas;
	unsigned jobs, canary; /* 0: not given */
	/* issue 15: diff --to SOURCE, each --rename */
	const char *to;
	struct cli_strs renames;
	struct cli_strs dialect_urls; /* diff --dialect-url DIALECT=URL */
};
/* fleet_run.c: the command runs over a fleet of targets (fleet
 * options given). */
static inline int cli_is_fleet(const struct cli_args *a)
{
	return a->targets.n || a->all_targets || a->targets_file ||
	       a->schemas;
}

struct cli {
	int verbose, quiet;
	struct cli_settings set;
	struct cli_args args;
	migrator_ctx *ctx; /* lazy: reads and loads on first need */
	struct cli_strs ran_json;    /* upgrade/downgrade: one object per step */
	/* issue 20: upgrade/downgrade's count and times (progress.c) */
	struct cli_progress {
		size_t done;              /* steps that ran */
		unsigned long started_ms; /* when the first step started */
		unsigned long ran_ms;     /* the steps' own times, summed */
		unsigned long total_ms;   /* first start to last end */
		/* the running step on a terminal, until it is done: a
		 * failure writes its line again, without the time left
		 * (open_eta) or below a warning that ended it */
		char *open_text; /* malloc'd; NULL: none */
		size_t open_number, open_count;
		int open_down, open_eta;
	} progress;
	/* issue 17: a program the command ran failed with this exit status,
	 * which becomes ours (0: none) */
	int exit_status;
};

/* opts.c: command-line parsing. */
enum cli_opt_id {
	OPT_DATABASE = 1, OPT_MIGRATIONS, OPT_CONFIG, OPT_VERSION_TABLE,
	OPT_PLUGIN_DIR, OPT_LOCK_TIMEOUT, OPT_QUIET, OPT_VERBOSE, OPT_HELP,
	OPT_VERSION, OPT_SQL, OPT_DRY_RUN, OPT_FORMAT, OPT_PURGE, OPT_RANGE,
	OPT_STRICT, OPT_MESSAGE, OPT_HEAD, OPT_BRANCH_LABEL, OPT_DEPENDS_ON,
	OPT_PLUGIN, OPT_DIALECT, OPT_CONNECT_TIMEOUT, OPT_INDICATE_CURRENT,
	/* verify, upgrade --verify */
	OPT_VERIFY, OPT_ALLOW_BRANCHES,
	OPT_SCHEMA_FILE, OPT_OUTPUT, OPT_CHECK,
	OPT_GRAPH, /* issue 20: history --graph */
	/* lock timeouts */
	OPT_DDL_LOCK_TIMEOUT, OPT_LOCK_RETRIES,
	/* verify --with-data */
	OPT_WITH_DATA, OPT_SEED,
	/* issue 17: import, adopt */
	OPT_FROM, OPT_DIALECTS, OPT_TABLE,
	/* fleets */
	OPT_TARGET, OPT_ALL_TARGETS, OPT_TARGETS_FILE, OPT_SCHEMAS, OPT_JOBS,
	OPT_FAIL_FAST, OPT_CANARY,
	OPT_TO, OPT_RENAME, /* issue 15: diff --to SOURCE, --rename X */
	OPT_DIALECT_URL, /* issue 15: diff --dialect-url DIALECT=URL */
	OPT_END_ /* not an option: each id is a bit of cmd.h's ACCEPT() */
};
_Static_assert(OPT_END_ <= 64, "cmd.h's ACCEPT() has 64 bits");
struct cli_opt {
	const char *lng;
	char shrt;
	int has_arg;
	enum cli_opt_id id;
};
typedef int (*cli_opt_fn)(void *ctx, enum cli_opt_id id, const char *arg,
			  struct cli_err *d);
/* Parses argv[*i..argc): calls fn for each option in opts.  With pos NULL
 * it stops at the first positional argument (leaving *i on it); else
 * positionals are collected.  "-N" (a digit after '-') is positional, so
 * `downgrade -1` works; "--" ends the options. */
int cli_parse(int argc, char **argv, int *i, const struct cli_opt *opts,
	      cli_opt_fn fn, void *ctx, struct cli_strs *pos,
	      struct cli_err *d);

struct cli_global {
	const char *database, *migrations, *config, *version_table,
		*plugin_dir, *schema_file;
	int have_lock_timeout, have_connect_timeout;
	unsigned lock_timeout_ms, connect_timeout_ms;
	int help, version, verbose, quiet;
	/* lock timeouts: --ddl-lock-timeout, --lock-retries */
	int have_ddl_lock_timeout, have_lock_retries;
	unsigned ddl_lock_timeout_ms, lock_retries;
	/* where the global options are, for cli_global_plugins() */
	int argc;
	char **argv;
};
int cli_parse_global(struct cli_global *g, int argc, char **argv, int *i,
		     struct cli_err *d);
/* Appends the value of each --plugin among the global options to out. */
int cli_global_plugins(const struct cli_global *g, struct cli_strs *out,
		       struct cli_err *d);
void cli_usage(FILE *f);
/* "N" whole seconds, at least min, into *ms; what names the option in the
 * message ("--lock-timeout"). */
int cli_parse_seconds(unsigned *ms, const char *what, const char *arg,
		      unsigned min, struct cli_err *d);
/* opts_lock.c: lock timeouts.  A duration, "N" seconds or "N" with its
 * unit ms, s or min, into *ms; a count of retries (0 to 1000).  what
 * names the option or key in the message. */
int cli_parse_duration(unsigned *ms, const char *what, const char *arg,
		       struct cli_err *d);
int cli_parse_count(unsigned *n, const char *what, const char *arg,
		    struct cli_err *d);
/* libpq waits at least 2 s, whatever connect_timeout says (a 1 is 2). */
#define CLI_MIN_CONNECT_TIMEOUT 2u

/* config_ini.c: merges command line > environment > config file. */
int cli_settings_resolve(struct cli_settings *s, const struct cli_global *g,
			 struct cli_err *d);
void cli_settings_free(struct cli_settings *s);

/* A config file's url with a relative SQLite path made relative to the
 * file's directory (config_url.c); malloc'd, NULL when out of memory. */
char *cli_config_url(const char *file, const char *url);

/* readfile.c: the whole file at path, malloc'd and NUL-terminated in
 * *text, *len bytes; 0, or an errno value (ENOMEM: out of memory). */
int cli_read_file(const char *path, char **text, size_t *len);

/* report.c */
void cli_print_err(const struct cli_err *d);
/* A library call's result: when rc is an error, ctx's error (the call's)
 * becomes d's, unless d already has one.  Returns rc. */
int cli_err_take(struct cli_err *d, const migrator_ctx *ctx, int rc);
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* output.c */
void cli_json_str(FILE *f, const char *s);
/* s as a JSON string, or null for NULL. */
void cli_json_str_or_null(FILE *f, const char *s);
/* ,"name":value (a string, or null for NULL): a member after the first. */
void cli_json_member(FILE *f, const char *name, const char *value);
/* ,"line":N, or null for 0. */
void cli_json_line(FILE *f, unsigned line);
/* One difference as check's JSON object: {"kind":...,"table":...,
 * "name":...,"field":...,"expected":...,"found":...}. */
void cli_json_drift(FILE *f, const struct migrator_drift_item *x);
void cli_json_ids(FILE *f, const char *const *ids, size_t n);
/* The ids of v[0..n) as a JSON array. */
void cli_json_revs(FILE *f, const migrator_revision *const *v, size_t n);
/* "parent, parent -> id" or "<base> -> id" */
void cli_print_arrow(FILE *f, const migrator_revision *r);
/* " (head)" " (branchpoint)" " (mergepoint)" as they apply */
void cli_print_marks(FILE *f, const migrator_revision *r);
/* The same, with " (current)" where Alembic puts it (history -i). */
void cli_print_marks_current(FILE *f, const migrator_revision *r,
			     int current);
/* Labels as " (a, b)", nothing when none. */
void cli_print_labels(FILE *f, const migrator_revision *r);
/* A block of "Key: value" lines about r (show, -v listings). */
void cli_print_rev_block(FILE *f, const migrator_revision *r);
/* The same, marked " (current)" when current is non-zero (history -i). */
void cli_print_rev_block_at(FILE *f, const migrator_revision *r,
			    int current);
/* One revision as a JSON object (no SQL). */
void cli_json_rev(FILE *f, const migrator_revision *r);
/* The same with "current": true/false when current >= 0 (history -i). */
void cli_json_rev_at(FILE *f, const migrator_revision *r, int current);
int cli_flush(struct cli_err *d);

#endif
